import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDocumentInput } from '../../domain/flows/document';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { dialogEvents, dialogRow, dialogTexts, eventually, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { publishFlow, publishFlowVersion } from '../support/flows';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/**
 * Flows run by the dialog workflow (SPEC §6) on the time-skipping server, with real activities,
 * PostgreSQL and a real local HTTP endpoint for the bot's request — on 127.0.0.1, which the worker
 * reaches only because it is allowed, as HTTP_ALLOWED_INTERNAL_HOSTS=127.0.0.1 would.
 */
const workflows = useTimeSkippingWorker({ httpAllowList: internalHostAllowList('127.0.0.1') });
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A CRM endpoint on localhost that records what the bot posts and answers with `reply`. */
async function crmEndpoint(reply: { status: number; body: unknown }) {
  const received: unknown[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    received.push(JSON.parse(raw || '{}'));
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`, received };
}

const at = (x: number, y = 0) => ({ x, y });

/** Asks a name and a phone (validated), posts them to the CRM, greets gold clients, hands off. */
function leadBot(crmUrl: string, question = 'What is your name?'): FlowDocumentInput {
  return {
    schemaVersion: 2,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: at(0) },
      { id: 'name', kind: 'ask', position: at(1), text: question, answer: 'text', variable: 'name' },
      { id: 'phone', kind: 'ask', position: at(2), text: 'Your phone number?', answer: 'phone', variable: 'phone', retryText: 'That does not look like a phone number. Try again?' },
      {
        id: 'crm',
        kind: 'http_request',
        position: at(3),
        method: 'POST',
        url: crmUrl,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: '{"name":"{{name}}","phone":"{{phone}}"}',
        timeoutSeconds: 5,
        responseFields: [{ path: 'tier', variable: 'tier' }],
      },
      { id: 'gold', kind: 'condition', position: at(4), match: 'all', rules: [{ subject: { source: 'variable', key: 'tier' }, operator: 'equals', value: 'gold' }] },
      { id: 'vipHello', kind: 'send_message', position: at(5), text: 'Welcome back, gold member {{name}}!' },
      { id: 'hello', kind: 'send_message', position: at(5, 1), text: 'Thanks {{name}}, an operator will be with you shortly.' },
      { id: 'sorry', kind: 'send_message', position: at(4, 2), text: 'We could not save your details; an operator will help you.' },
      { id: 'toQueue', kind: 'handoff', position: at(6) },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'name' },
      { id: 'e2', source: 'name', sourceHandle: 'next', target: 'phone' },
      { id: 'e3', source: 'name', sourceHandle: 'invalid', target: 'toQueue' },
      { id: 'e4', source: 'phone', sourceHandle: 'next', target: 'crm' },
      { id: 'e5', source: 'phone', sourceHandle: 'invalid', target: 'toQueue' },
      { id: 'e6', source: 'crm', sourceHandle: 'success', target: 'gold' },
      { id: 'e7', source: 'crm', sourceHandle: 'failure', target: 'sorry' },
      { id: 'e8', source: 'gold', sourceHandle: 'true', target: 'vipHello' },
      { id: 'e9', source: 'gold', sourceHandle: 'false', target: 'hello' },
      { id: 'e10', source: 'vipHello', sourceHandle: 'next', target: 'toQueue' },
      { id: 'e11', source: 'hello', sourceHandle: 'next', target: 'toQueue' },
      { id: 'e12', source: 'sorry', sourceHandle: 'next', target: 'toQueue' },
    ],
    variables: [{ name: 'tier' }],
  };
}

/** A line whose welcome bot is `flowId`, served by Anna. */
async function lineWithBot(flowId: number) {
  const anna = await createUser(workflows.db, 'manager', 'Anna');
  const line = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, flows: { welcomeBot: { flowId } } } });
  return { anna, ...line };
}

const hasText = (dialogId: number, text: string) => eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes(text));

describe('welcome bot', () => {
  it('collects a name and a validated phone, posts them to the CRM, branches on the answer and hands off to operators', async () => {
    const crm = await crmEndpoint({ status: 200, body: { tier: 'gold' } });
    const { anna, channelId } = await lineWithBot(await publishFlow(workflows.db, 'Lead bot', leadBot(crm.url)));
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId, text: 'Hi' });

    await hasText(dialogId, 'What is your name?');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('bot');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Lena' });
    await hasText(dialogId, 'Your phone number?');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'call me maybe' });
    await hasText(dialogId, 'That does not look like a phone number. Try again?');
    await workflows.sendClientMessage(channelId, { visitorId, text: '+49 170 1234567' });

    await hasText(dialogId, 'Welcome back, gold member Lena!');
    expect(crm.received).toHaveLength(1);
    expect(crm.received[0]).toMatchObject({ name: 'Lena' });
    expect(String((crm.received[0] as { phone: string }).phone).replace(/\D/g, '')).toBe('491701234567');

    // Handed off: the queue's operator is offered the dialog; the line's clocks run from now.
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    const kinds = (await dialogEvents(workflows.db, dialogId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['flow_started', 'flow_finished', 'offered']));
  });

  it('takes the failure branch when the CRM endpoint fails, and still hands off', async () => {
    const crm = await crmEndpoint({ status: 404, body: { error: 'no such list' } });
    const { anna, channelId } = await lineWithBot(await publishFlow(workflows.db, 'Lead bot', leadBot(crm.url)));
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await hasText(dialogId, 'What is your name?');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Lena' });
    await hasText(dialogId, 'Your phone number?');
    await workflows.sendClientMessage(channelId, { visitorId, text: '+44 20 7946 0018' });
    await hasText(dialogId, 'We could not save your details; an operator will help you.');
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
  });

  it('refuses an internal address the admin did not allow: the failure branch, nothing sent', async () => {
    const crm = await crmEndpoint({ status: 200, body: { tier: 'gold' } });
    // The same endpoint through another loopback address, which the allow-list does not name.
    const { anna, channelId } = await lineWithBot(await publishFlow(workflows.db, 'Lead bot', leadBot(crm.url.replace('127.0.0.1', '127.0.0.2'))));
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await hasText(dialogId, 'What is your name?');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Lena' });
    await hasText(dialogId, 'Your phone number?');
    await workflows.sendClientMessage(channelId, { visitorId, text: '+44 20 7946 0018' });
    await hasText(dialogId, 'We could not save your details; an operator will help you.');
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    expect(crm.received).toHaveLength(0);
  });

  it('hands a silent client to the queue after the bot timeout (10 minutes by default)', async () => {
    const { anna, channelId } = await lineWithBot(await publishFlow(workflows.db, 'Lead bot', leadBot('http://127.0.0.1:9/unused')));
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await hasText(dialogId, 'What is your name?');
    await workflows.env.sleep('9 minutes');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('bot');
    await workflows.env.sleep('2 minutes');
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
  });

  it('keeps running the version it started with when a new one is published', async () => {
    const flowId = await publishFlow(workflows.db, 'Lead bot', leadBot('http://127.0.0.1:9/unused'));
    const { channelId } = await lineWithBot(flowId);
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await hasText(dialogId, 'What is your name?');

    // Version 2 asks differently; this dialog pinned version 1.
    const v2 = leadBot('http://127.0.0.1:9/unused', 'Name, please?');
    await publishFlowVersion(workflows.db, flowId, v2);
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Lena' });
    await hasText(dialogId, 'Your phone number?');
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.flow?.nodeId === 'phone');
    expect(state.flow).toMatchObject({ flowId, version: 1, variables: { name: 'Lena' } });

    const next = await workflows.sendClientMessage(channelId, { text: 'Hello' });
    await hasText(next.dialogId, 'Name, please?');
  });
});

describe('regular expressions in conditions', () => {
  it('answers a pattern that backtracks for ever in a JavaScript RegExp, without stalling the worker', async () => {
    const flowId = await publishFlow(workflows.db, 'Urgency bot', {
      schemaVersion: 2,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'ask', kind: 'ask', position: at(1), text: 'What is it about?', answer: 'text', variable: 'topic' },
        { id: 'urgent', kind: 'condition', position: at(2), match: 'all', rules: [{ subject: { source: 'variable', key: 'topic' }, operator: 'regex', value: '(\\w|\\d)*!' }] },
        { id: 'yes', kind: 'send_message', position: at(3), text: 'Urgent: an operator is on the way.' },
        { id: 'no', kind: 'send_message', position: at(3, 1), text: 'Noted: an operator will answer soon.' },
        { id: 'queue', kind: 'handoff', position: at(4) },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'urgent' },
        { id: 'e3', source: 'ask', sourceHandle: 'invalid', target: 'queue' },
        { id: 'e4', source: 'urgent', sourceHandle: 'true', target: 'yes' },
        { id: 'e5', source: 'urgent', sourceHandle: 'false', target: 'no' },
        { id: 'e6', source: 'yes', sourceHandle: 'next', target: 'queue' },
        { id: 'e7', source: 'no', sourceHandle: 'next', target: 'queue' },
      ],
    });
    const { channelId } = await lineWithBot(flowId);
    const attacker = randomUUID();
    const attack = await workflows.sendClientMessage(channelId, { visitorId: attacker });
    await hasText(attack.dialogId, 'What is it about?');
    // A backtracking engine tries 2^1000 ways to split these digits before it gives up.
    await workflows.sendClientMessage(channelId, { visitorId: attacker, text: '1'.repeat(1000) });
    await hasText(attack.dialogId, 'Noted: an operator will answer soon.');

    const client = randomUUID();
    const urgent = await workflows.sendClientMessage(channelId, { visitorId: client });
    await hasText(urgent.dialogId, 'What is it about?');
    await workflows.sendClientMessage(channelId, { visitorId: client, text: 'Order 42 never came!' });
    await hasText(urgent.dialogId, 'Urgent: an operator is on the way.');
  });
});

describe('out-of-hours bot', () => {
  it('runs the out-of-hours bot instead of the welcome text while the line is closed, then queues the dialog', async () => {
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const botId = await publishFlow(workflows.db, 'Night bot', {
      schemaVersion: 2,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'night', kind: 'send_message', position: at(1), text: 'We are asleep. Leave your question, we answer at 9:00.' },
        { id: 'queue', kind: 'handoff', position: at(2) },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'night' },
        { id: 'e2', source: 'night', sourceHandle: 'next', target: 'queue' },
      ],
    });
    const today = new Date(await workflows.env.currentTimeMs()).toISOString().slice(0, 10);
    const { channelId } = await createLine(workflows.db, {
      operators: [anna.id],
      settings: { greeting: { enabled: false }, workingHours: { enabled: true, timeZone: 'UTC', holidays: [today], outOfHours: { action: 'run_bot', botFlowId: botId } } },
    });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await hasText(dialogId, 'We are asleep. Leave your question, we answer at 9:00.');
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    const kinds = (await dialogEvents(workflows.db, dialogId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['flow_started', 'flow_finished', 'bot_left']));
  });
});

describe('CRM effects, jumps and endings', () => {
  it('tags and prioritizes in the routing flow, runs a bot that saves the e-mail and a lead, waits, then assigns a user', async () => {
    const boris = await createUser(workflows.db, 'manager', 'Boris');
    const botId = await publishFlow(workflows.db, 'E-mail bot', {
      schemaVersion: 2,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'email', kind: 'ask', position: at(1), text: 'Your e-mail?', answer: 'email', variable: 'email' },
        { id: 'save', kind: 'set_variable', position: at(2), target: { scope: 'contact', key: 'email' }, value: '{{email}}' },
        { id: 'lead', kind: 'create_lead', position: at(3), title: 'Quote for {{email}}' },
        { id: 'pause', kind: 'wait', position: at(4), mode: 'delay', minutes: 1 },
        { id: 'toBoris', kind: 'transfer_to_user', position: at(5), userId: boris.id },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'email' },
        { id: 'e2', source: 'email', sourceHandle: 'next', target: 'save' },
        { id: 'e3', source: 'email', sourceHandle: 'invalid', target: 'toBoris' },
        { id: 'e4', source: 'save', sourceHandle: 'next', target: 'lead' },
        { id: 'e5', source: 'lead', sourceHandle: 'next', target: 'pause' },
        { id: 'e6', source: 'pause', sourceHandle: 'next', target: 'toBoris' },
      ],
    });
    const routingFlowId = await publishFlow(workflows.db, 'Tag and run bot', {
      schemaVersion: 2,
      kind: 'routing',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'tag', kind: 'set_tag', position: at(1), tag: 'web-lead' },
        { id: 'priority', kind: 'set_priority', position: at(2), priority: 5 },
        { id: 'bot', kind: 'run_bot', position: at(3), flowId: botId },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'tag' },
        { id: 'e2', source: 'tag', sourceHandle: 'next', target: 'priority' },
        { id: 'e3', source: 'priority', sourceHandle: 'next', target: 'bot' },
      ],
    });
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const { channelId } = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, flows: { routingFlowId } } });
    const visitorId = randomUUID();
    const { dialogId, contactId } = await workflows.sendClientMessage(channelId, { visitorId });

    await hasText(dialogId, 'Your e-mail?');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Lena@Example.com' });
    await waitForState(workflows.env.client, dialogId, (s) => s.flow?.nodeId === 'pause');
    const contact = await workflows.db.selectFrom('contacts').select(['email', 'tags']).where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.tags).toContain('web-lead');
    expect(contact.email).toBe('lena@example.com');
    expect((await dialogRow(workflows.db, dialogId)).priority).toBe(5);
    const lead = await workflows.db.selectFrom('leads').select('title').where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
    expect(lead.title).toBe('Quote for lena@example.com');

    // The one-minute wait passes; the bot assigns the dialog straight to Boris, outside the queue.
    await workflows.env.sleep('61 seconds');
    await waitForState(workflows.env.client, dialogId, (s) => s.operatorId === boris.id);
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ operator_id: boris.id, status: 'in_work' });
  });

  it('closes the dialog from a close node, and hands off when the flow refers to a flow that was never published', async () => {
    const closer = await publishFlow(workflows.db, 'Closer', {
      schemaVersion: 2,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'bye', kind: 'send_message', position: at(1), text: 'This address only sends notifications. Goodbye!' },
        { id: 'close', kind: 'close_dialog', position: at(2) },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'bye' },
        { id: 'e2', source: 'bye', sourceHandle: 'next', target: 'close' },
      ],
    });
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const closing = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, rating: { enabled: false }, flows: { welcomeBot: { flowId: closer } } } });
    const closed = await workflows.sendClientMessage(closing.channelId);
    await hasText(closed.dialogId, 'This address only sends notifications. Goodbye!');
    await eventually(async () => (await dialogRow(workflows.db, closed.dialogId)).status === 'closed');

    const jumper = await publishFlow(workflows.db, 'Jumper', {
      schemaVersion: 2,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'jump', kind: 'jump_to_flow', position: at(1), flowId: 999_999 },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'jump' }],
    });
    const jumping = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, flows: { welcomeBot: { flowId: jumper } } } });
    const handedOff = await workflows.sendClientMessage(jumping.channelId);
    await waitForState(workflows.env.client, handedOff.dialogId, (s) => s.offeredTo.includes(anna.id));
    const finished = (await dialogEvents(workflows.db, handedOff.dialogId)).find((e) => e.kind === 'flow_finished');
    expect(finished?.data).toMatchObject({ outcome: 'failed', reason: 'flow 999999 has no published version' });
  });
});

describe('routing flow', () => {
  /** VIP clients go to the VIP line, offered to all its operators at once; everyone else stays. */
  function vipRouting(vipLineId: number): FlowDocumentInput {
    return {
      schemaVersion: 2,
      kind: 'routing',
      nodes: [
        { id: 'start', kind: 'start', position: at(0) },
        { id: 'isVip', kind: 'condition', position: at(1), match: 'any', rules: [{ subject: { source: 'tag', key: 'VIP' }, operator: 'is_set', value: '' }] },
        { id: 'toVip', kind: 'route_to_line', position: at(2), lineId: vipLineId, mode: 'all' },
        { id: 'normal', kind: 'set_priority', position: at(2, 1), priority: 0 },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'isVip' },
        { id: 'e2', source: 'isVip', sourceHandle: 'true', target: 'toVip' },
        { id: 'e3', source: 'isVip', sourceHandle: 'false', target: 'normal' },
      ],
      variables: [],
    };
  }

  it('sends VIP contacts to the second line, with its own distribution mode, and others to this line', async () => {
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const [vic, vera] = await Promise.all([createUser(workflows.db, 'manager', 'Vic'), createUser(workflows.db, 'manager', 'Vera')]);
    const vipLine = await createLine(workflows.db, { name: 'VIP', operators: [vic.id, vera.id] });
    const routingFlowId = await publishFlow(workflows.db, 'VIP routing', vipRouting(vipLine.lineId));
    const main = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, flows: { routingFlowId } } });

    const vipVisitor = randomUUID();
    const contact = await workflows.db.insertInto('contacts').values({ name: 'Very Important', tags: ['VIP'] }).returning('id').executeTakeFirstOrThrow();
    await workflows.db.insertInto('contact_identities').values({ contact_id: contact.id, channel_id: main.channelId, external_id: vipVisitor }).execute();

    const vip = await workflows.sendClientMessage(main.channelId, { visitorId: vipVisitor });
    const vipState = await waitForState(workflows.env.client, vip.dialogId, (s) => s.offeredTo.length === 2);
    expect(vipState.offeredTo.sort()).toEqual([vic.id, vera.id].sort());
    expect((await dialogRow(workflows.db, vip.dialogId)).line_id).toBe(vipLine.lineId);

    const regular = await workflows.sendClientMessage(main.channelId);
    await waitForState(workflows.env.client, regular.dialogId, (s) => s.offeredTo.includes(anna.id));
    expect((await dialogRow(workflows.db, regular.dialogId)).line_id).toBe(main.lineId);
  });
});
