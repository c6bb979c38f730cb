import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sql } from 'kysely';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { FLOW_SCHEMA_VERSION, type FlowDocument, type FlowKind } from '../../domain/flows/document';
import { leadBotExample, vipRoutingExample } from '../../domain/flows/examples';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { defaultLineSettings, type LineSettings } from '../../domain/line-settings';
import { findFlowVersion } from '../../db/queries/flows';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { createUser } from '../support/fixtures';
import { apiAs, manualLiveBus, PUBLIC_URL, rejection, sessionUser, useApiDatabase } from './helpers';

/** SPEC §6 flows on the server: drafts, immutable published versions, files, and the lines that use them. */
const shared = useApiDatabase();

async function asRole(role: 'admin' | 'director' | 'manager') {
  const user = sessionUser(await createUser(shared.deps.db, role), role);
  return { user, api: apiAs(shared.deps, user) };
}

const admin = async () => (await asRole('admin')).api;

/** start → send a text → hand off: a complete bot flow. */
function greetingBot(text = 'Hello! How can we help?'): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      { id: 'hello', kind: 'send_message', position: { x: 0, y: 120 }, text, buttons: [], attachments: [] },
      { id: 'operators', kind: 'handoff', position: { x: 0, y: 240 }, lineId: null },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'operators' },
    ],
    variables: [],
  };
}

/** The same bot with its text never connected: a graph problem, not a structural one. */
function unfinishedBot(): FlowDocument {
  const document = greetingBot();
  return { ...document, edges: document.edges.filter((e) => e.id !== 'e2') };
}

async function createFlow(api: Awaited<ReturnType<typeof admin>>, kind: FlowKind, name = 'Lead bot') {
  return (await api.flows.create({ name, kind })).id;
}

async function publishedBot(api: Awaited<ReturnType<typeof admin>>, name = 'Welcome bot') {
  const flowId = await createFlow(api, 'bot', name);
  await api.flows.saveDraft({ flowId, document: greetingBot() });
  await api.flows.publish({ flowId });
  return flowId;
}

function problemsOf(error: { cause?: unknown }) {
  expect(error.cause).toBeInstanceOf(AppError);
  return ((error.cause as AppError).details as { problems: { nodeId?: string; edgeId?: string; message: string }[] }).problems;
}

describe('who may use flows', () => {
  it('refuses managers and directors everything: configuring flows is for admins (SPEC §2)', async () => {
    const flowId = await createFlow(await admin(), 'bot');
    const manager = (await asRole('manager')).api;
    expect((await rejection(manager.flows.list())).code).toBe('FORBIDDEN');
    expect((await rejection(manager.flows.create({ name: 'Mine', kind: 'bot' }))).code).toBe('FORBIDDEN');
    expect((await rejection(manager.flows.published({ kind: 'bot' }))).code).toBe('FORBIDDEN');
    expect((await rejection(manager.flows.simulateHttp({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, body: '', timeoutSeconds: 1 }))).code).toBe('FORBIDDEN');

    // Published versions too: their HTTP request nodes carry integration secrets.
    const director = (await asRole('director')).api;
    const published = await publishedBot(await admin());
    expect((await rejection(director.flows.list())).code).toBe('FORBIDDEN');
    expect((await rejection(director.flows.published({ kind: 'bot' }))).code).toBe('FORBIDDEN');
    expect((await rejection(director.flows.versions({ flowId: published }))).code).toBe('FORBIDDEN');
    expect((await rejection(director.flows.getVersion({ flowId: published, version: 1 }))).code).toBe('FORBIDDEN');
    expect((await rejection(director.flows.get({ flowId }))).code).toBe('FORBIDDEN');
    expect((await rejection(director.flows.saveDraft({ flowId, document: greetingBot() }))).code).toBe('FORBIDDEN');
  });
});

describe('drafts', () => {
  it('starts a new flow with a lone start node at the origin', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'routing', 'VIP routing');
    const flow = await api.flows.get({ flowId });
    expect(flow).toMatchObject({ id: flowId, name: 'VIP routing', kind: 'routing', publishedVersion: null });
    expect(flow.draft.nodes).toEqual([{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }]);
    expect(flow.draft.schemaVersion).toBe(FLOW_SCHEMA_VERSION);
  });

  it('saves an unfinished draft and returns its graph problems instead of refusing it', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot');
    const saved = await api.flows.saveDraft({ flowId, name: 'Lead bot v2', document: unfinishedBot() });
    expect(saved.problems.length).toBeGreaterThan(0);
    expect(saved.problems.some((p) => p.nodeId === 'hello' || p.nodeId === 'operators')).toBe(true);

    const flow = await api.flows.get({ flowId });
    expect(flow.name).toBe('Lead bot v2');
    expect(flow.draft.edges.map((e) => e.id)).toEqual(['e1']);
    expect(flow.problems).toEqual(saved.problems);
    expect((await api.flows.validate({ document: greetingBot() })).problems).toEqual([]);
  });

  it('refuses a structurally broken document, naming the path and the node, and keeps the draft', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot');
    await api.flows.saveDraft({ flowId, document: greetingBot('Before') });
    const broken = greetingBot('   ');

    const error = await rejection(api.flows.saveDraft({ flowId, document: broken }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('document.nodes[1].text: must not be empty (node "hello")');
    const problem = { nodeId: 'hello', path: 'text', code: 'field', params: { rule: 'notEmpty' }, message: 'text: must not be empty' };
    expect(problemsOf(error)).toEqual([problem]);
    expect((await api.flows.validate({ document: broken })).problems).toEqual([problem]);

    const wrongKind = await rejection(api.flows.saveDraft({ flowId, document: { ...greetingBot(), kind: 'routing' } }));
    expect(wrongKind.message).toMatch(/^document\.kind: this is a routing flow, but flow #\d+ is a bot flow/);

    const flow = await api.flows.get({ flowId });
    expect(flow.draft.nodes[1]).toMatchObject({ text: 'Before' });
  });
});

describe('publishing', () => {
  it('refuses a draft with problems, with every problem in the error data', async () => {
    const { api, user } = await asRole('admin');
    const flowId = await createFlow(api, 'bot');
    await api.flows.saveDraft({ flowId, document: unfinishedBot() });

    const error = await rejection(api.flows.publish({ flowId }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^Cannot publish: node "(hello|operators)": /);
    expect(problemsOf(error).length).toBeGreaterThan(0);
    expect(await api.flows.versions({ flowId })).toEqual([]);

    // What the editor receives over HTTP: status 400 and the problems in data.details.
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/flows.publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ flowId })),
      }),
      router: appRouter,
      createContext: () => createContextForUser({ ...shared.deps, liveBus: manualLiveBus(), publicUrl: PUBLIC_URL }, user),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { details: { problems: unknown[] } } } } };
    expect(body.error.json.data.details.problems).toEqual(problemsOf(error));
  });

  it('numbers versions, never changes a published one, and rolls back by publishing anew', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot');
    await api.flows.saveDraft({ flowId, document: greetingBot('First text') });
    expect(await api.flows.publish({ flowId })).toEqual({ version: 1 });

    await api.flows.saveDraft({ flowId, document: greetingBot('Second text') });
    expect(await api.flows.publish({ flowId })).toEqual({ version: 2 });

    const v1 = await api.flows.getVersion({ flowId, version: 1 });
    expect(v1.nodes[1]).toMatchObject({ text: 'First text' });
    expect((await api.flows.getVersion({ flowId, version: 2 })).nodes[1]).toMatchObject({ text: 'Second text' });
    const versions = await api.flows.versions({ flowId });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]?.publishedByName).toMatch(/^admin /);

    // The database itself refuses to rewrite history.
    const update = sql`update flow_versions set document = '{}'::jsonb where flow_id = ${flowId} and version = 1`.execute(shared.deps.db);
    await expect(update).rejects.toThrow(`flow ${flowId} version 1 is published and cannot be changed; publish a new version instead`);
    expect(await api.flows.getVersion({ flowId, version: 1 })).toEqual(v1);

    // The dialog worker pins versions through findFlowVersion: the latest, or an exact one.
    expect((await findFlowVersion(shared.deps.db, flowId))?.version).toBe(2);
    expect((await findFlowVersion(shared.deps.db, flowId, 1))?.document).toEqual(v1);
    expect(await findFlowVersion(shared.deps.db, flowId, 9)).toBeUndefined();

    expect(await api.flows.rollback({ flowId, version: 1 })).toEqual({ version: 3 });
    expect(await api.flows.getVersion({ flowId, version: 3 })).toEqual(v1);
    expect((await api.flows.get({ flowId })).draft).toEqual(v1);
    expect((await api.flows.versions({ flowId })).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await api.flows.getVersion({ flowId, version: 2 })).nodes[1]).toMatchObject({ text: 'Second text' });

    const listed = (await api.flows.list()).find((f) => f.id === flowId);
    expect(listed).toMatchObject({ publishedVersion: 3, usedByLines: [] });
    expect(listed?.publishedAt).toBeInstanceOf(Date);
    expect(await api.flows.published({ kind: 'bot' })).toContainEqual({ id: flowId, name: 'Lead bot', version: 3 });
    expect((await api.flows.published({ kind: 'routing' })).map((f) => f.id)).not.toContain(flowId);
  });

  it('refuses a run-bot node that leads to an unpublished flow', async () => {
    const api = await admin();
    const bot = await createFlow(api, 'bot', 'Draft-only bot');
    const routing = await createFlow(api, 'routing', 'Router');
    const document: FlowDocument = {
      schemaVersion: FLOW_SCHEMA_VERSION,
      kind: 'routing',
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'bot', kind: 'run_bot', position: { x: 0, y: 100 }, flowId: bot },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'bot' }],
      variables: [],
    };
    const saved = await api.flows.saveDraft({ flowId: routing, document });
    const unpublished = `Flow #${bot} has no published version: publish it first, or choose another flow.`;
    expect(saved.problems).toEqual([{ nodeId: 'bot', path: 'flowId', code: 'flowUnpublished', params: { flow: bot }, message: unpublished }]);
    expect((await rejection(api.flows.publish({ flowId: routing }))).message).toBe(`Cannot publish: node "bot": ${unpublished.replace(/\.$/, '')}`);

    await api.flows.saveDraft({ flowId: bot, document: greetingBot() });
    await api.flows.publish({ flowId: bot });
    expect(await api.flows.publish({ flowId: routing })).toEqual({ version: 1 });
    // The bot cannot be deleted while a published flow runs it.
    expect((await rejection(api.flows.delete({ flowId: bot }))).code).toBe('CONFLICT');
  });
});

describe('routing flows', () => {
  it('publishes a routing flow whose lines exist, and names a line that does not', async () => {
    const api = await admin();
    const vip = (await api.lines.create({ name: 'VIP' })).id;
    const everyone = (await api.lines.create({ name: 'Everyone' })).id;
    const flowId = await createFlow(api, 'routing', 'VIP routing');

    const dangling = await api.flows.saveDraft({ flowId, document: vipRoutingExample(vip, 999_999) });
    expect(dangling.problems).toEqual([
      { nodeId: 'to_default', path: 'lineId', code: 'lineMissing', params: { line: 999_999 }, message: 'Line #999999 does not exist (deleted?): choose another line.' },
    ]);
    expect((await rejection(api.flows.publish({ flowId }))).message).toBe('Cannot publish: node "to_default": Line #999999 does not exist (deleted?): choose another line');

    expect((await api.flows.saveDraft({ flowId, document: vipRoutingExample(vip, everyone) })).problems).toEqual([]);
    expect(await api.flows.publish({ flowId })).toEqual({ version: 1 });
    expect(await api.flows.published({ kind: 'routing' })).toContainEqual({ id: flowId, name: 'VIP routing', version: 1 });
  });
});

describe('files', () => {
  it('exports the draft as pretty JSON that imports into another flow unchanged', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot', 'Lead bot: Müller & Co');
    expect((await api.flows.saveDraft({ flowId, document: leadBotExample })).problems).toEqual([]);
    const file = await api.flows.exportJson({ flowId });
    expect(file.fileName).toBe('lead-bot-muller-co.flow.json');
    expect(file.json).toContain('\n  "schemaVersion": 2,\n');
    expect(JSON.parse(file.json)).toEqual((await api.flows.get({ flowId })).draft);

    const copy = await createFlow(api, 'bot', 'Copy');
    expect(await api.flows.importJson({ flowId: copy, json: file.json })).toEqual({ problems: [] });
    expect((await api.flows.get({ flowId: copy })).draft).toEqual(leadBotExample);
  });

  it('imports a version 1 document as the current version', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot');
    const v1 = {
      version: 1,
      kind: 'bot',
      nodes: [
        { id: 'start', type: 'start', x: 0, y: 0, config: {} },
        { id: 'hello', type: 'send_message', x: 0, y: 100, config: { text: 'Hi from 2025' } },
        { id: 'close', type: 'close_dialog', x: 0, y: 200, config: {} },
      ],
      edges: [
        { id: 'a', from: 'start', to: 'hello', branch: 'next' },
        { id: 'b', from: 'hello', to: 'close', branch: 'next' },
      ],
    };
    expect(await api.flows.importJson({ flowId, json: JSON.stringify(v1) })).toEqual({ problems: [] });
    const { draft } = await api.flows.get({ flowId });
    expect(draft.schemaVersion).toBe(FLOW_SCHEMA_VERSION);
    expect(draft.nodes[1]).toMatchObject({ id: 'hello', kind: 'send_message', text: 'Hi from 2025', position: { x: 0, y: 100 } });
    expect(draft.edges[1]).toEqual({ id: 'b', source: 'hello', sourceHandle: 'next', target: 'close' });
  });

  it('refuses broken JSON naming the line, and a file of another kind', async () => {
    const api = await admin();
    const flowId = await createFlow(api, 'bot');
    const bad = await rejection(api.flows.importJson({ flowId, json: '{\n  "schemaVersion": 2,\n}' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^json: not valid JSON \(line 3, column 1: /);

    const routing = JSON.stringify({ ...greetingBot(), kind: 'routing' });
    expect((await rejection(api.flows.importJson({ flowId, json: routing }))).message).toMatch(/^json\.kind: this is a routing flow/);
    const broken = JSON.stringify(greetingBot(''));
    expect((await rejection(api.flows.importJson({ flowId, json: broken }))).message).toBe('json.nodes[1].text: must not be empty (node "hello")');
  });
});

describe('flows in line settings', () => {
  async function lineWith(api: Awaited<ReturnType<typeof admin>>, change: (settings: LineSettings) => void) {
    const { id } = await api.lines.create({ name: `Line ${Math.random().toString(36).slice(2, 7)}` });
    const settings = defaultLineSettings();
    change(settings);
    return { id, save: () => api.lines.update({ lineId: id, name: 'Sales', settings, queue: [] }) };
  }

  it('refuses a flow that is unpublished, of the wrong kind or unknown, naming the field', async () => {
    const api = await admin();
    const draftBot = await createFlow(api, 'bot', 'Unpublished');
    const bot = await publishedBot(api);

    const unpublished = await lineWith(api, (s) => (s.flows.welcomeBot.flowId = draftBot));
    const error = await rejection(unpublished.save());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(`settings.flows.welcomeBot.flowId: flow ${draftBot} has no published version; publish it first.`);

    const wrongKind = await lineWith(api, (s) => (s.flows.routingFlowId = bot));
    expect((await rejection(wrongKind.save())).message).toBe(`settings.flows.routingFlowId: flow ${bot} is a bot flow; pick a routing flow.`);

    const unknown = await lineWith(api, (s) => {
      s.workingHours.outOfHours = { ...s.workingHours.outOfHours, action: 'run_bot', botFlowId: 999_999 };
    });
    expect((await rejection(unknown.save())).message).toMatch(/^settings\.workingHours\.outOfHours\.botFlowId: flow 999999 does not exist/);

    const good = await lineWith(api, (s) => {
      s.flows.welcomeBot.flowId = bot;
      s.workingHours.outOfHours = { ...s.workingHours.outOfHours, action: 'run_bot', botFlowId: bot };
    });
    await good.save();
    expect((await api.lines.get({ lineId: good.id })).settings.flows.welcomeBot.flowId).toBe(bot);
    expect((await api.flows.list()).find((f) => f.id === bot)?.usedByLines).toEqual([{ id: good.id, name: 'Sales' }]);
  });

  it('refuses to delete a flow a line uses, and deletes it once the line lets go', async () => {
    const api = await admin();
    const bot = await publishedBot(api, 'Out-of-hours bot');
    const line = await lineWith(api, (s) => {
      s.workingHours.outOfHours = { ...s.workingHours.outOfHours, action: 'run_bot', botFlowId: bot };
    });
    await line.save();

    const error = await rejection(api.flows.delete({ flowId: bot }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Flow "Out-of-hours bot" is used by line "Sales" (workingHours.outOfHours.botFlowId); choose another flow there first.');

    await api.lines.update({ lineId: line.id, name: 'Sales', settings: defaultLineSettings(), queue: [] });
    expect(await api.flows.delete({ flowId: bot })).toEqual({ deleted: true });
    expect((await rejection(api.flows.get({ flowId: bot }))).code).toBe('NOT_FOUND');
    expect(await findFlowVersion(shared.deps.db, bot)).toBeUndefined();
  });
});

describe('simulateHttp', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/lead') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ received: JSON.parse(body) as unknown, auth: request.headers.authorization, type: request.headers['content-type'] }));
        });
      } else if (request.url === '/broken') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('database is down');
      } else if (request.url === '/to-metadata') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        response.end();
      } else if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(200_000));
      }
      // Anything else never answers: the timeout case.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** An admin on a server started with HTTP_ALLOWED_INTERNAL_HOSTS=`hosts`. */
  async function adminAllowing(hosts: string) {
    const user = sessionUser(await createUser(shared.deps.db, 'admin'), 'admin');
    return apiAs({ ...shared.deps, httpAllowList: internalHostAllowList(hosts) }, user);
  }

  it('refuses internal addresses unless HTTP_ALLOWED_INTERNAL_HOSTS names them, at every redirect, without network details', async () => {
    const api = await admin();
    expect(await api.flows.simulateHttp({ method: 'GET', url: `${base}/lead`, headers: {}, body: '', timeoutSeconds: 5 })).toEqual({
      ok: false,
      error: '127.0.0.1 is an internal address (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS',
    });
    expect(await api.flows.simulateHttp({ method: 'GET', url: 'http://0x7f.1:8233/', headers: {}, body: '', timeoutSeconds: 5 })).toMatchObject({ ok: false, error: expect.stringContaining('(blocked)') });
    const allowed = await adminAllowing('127.0.0.1');
    expect(await allowed.flows.simulateHttp({ method: 'GET', url: `${base}/to-metadata`, headers: {}, body: '', timeoutSeconds: 5 })).toEqual({
      ok: false,
      error: '169.254.169.254 is an internal address (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS',
    });
    expect(await allowed.flows.simulateHttp({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, body: '', timeoutSeconds: 5 })).toEqual({ ok: false, error: 'could not connect to 127.0.0.1' });
  });

  it('sends the request from the server and reads a JSON answer', async () => {
    const api = await adminAllowing('127.0.0.1');
    const result = await api.flows.simulateHttp({ method: 'POST', url: `${base}/lead`, headers: { Authorization: 'Bearer t0k' }, body: '{"name":"Ann"}', timeoutSeconds: 5 });
    expect(result).toEqual({ ok: true, status: 200, body: { received: { name: 'Ann' }, auth: 'Bearer t0k', type: 'application/json' } });
  });

  it('passes a server error on as its status and text, and cuts long bodies at 64 kB', async () => {
    const api = await adminAllowing('127.0.0.1');
    expect(await api.flows.simulateHttp({ method: 'GET', url: `${base}/broken`, headers: {}, body: '', timeoutSeconds: 5 })).toEqual({ ok: true, status: 500, body: 'database is down' });
    const big = await api.flows.simulateHttp({ method: 'GET', url: `${base}/big`, headers: {}, body: '', timeoutSeconds: 5 });
    expect(big.ok && typeof big.body === 'string' && big.body.length).toBe(64 * 1024);
  });

  it('gives up after the timeout, and refuses what is not http(s)', async () => {
    const api = await adminAllowing('127.0.0.1');
    const started = Date.now();
    const result = await api.flows.simulateHttp({ method: 'GET', url: `${base}/silent`, headers: {}, body: '', timeoutSeconds: 1 });
    expect(result).toEqual({ ok: false, error: "no answer within 1 s (the node's timeout)" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await api.flows.simulateHttp({ method: 'GET', url: 'file:///etc/passwd', headers: {}, body: '', timeoutSeconds: 1 })).toEqual({
      ok: false,
      error: 'url: must start with http:// or https:// (not file://)',
    });
  });
});
