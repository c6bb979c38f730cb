import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../db/queries/audit';
import { FLOW_SCHEMA_VERSION, type FlowDocument } from '../../domain/flows/document';
import { createContextForUser } from '../../web/server/trpc/init';
import { createCaller } from '../../web/server/trpc/routers/_app';
import { TEST_SECRET } from '../support/env';
import { sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, manualLiveBus, PUBLIC_URL, rejection, sessionUser } from './helpers';

/**
 * The audit log (SPEC §9): every admin change and operator action through the tRPC procedures the
 * app calls, written in the change's transaction, secrets masked, append-only in the database.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const db = () => testWorker.worker.db;

/** The admin's API, calling from `ip` as a request would. */
async function adminFrom(ip = '203.0.113.7') {
  const admin = await createUser(db(), 'admin', `Admin ${randomUUID().slice(0, 4)}`, { atWork: false });
  const user = sessionUser(admin, 'admin');
  return { admin, api: createCaller(createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL, appSecret: TEST_SECRET, clientAddress: ip }, user)) };
}

type Api = Awaited<ReturnType<typeof adminFrom>>['api'];

async function entriesOf(api: Api, actorUserId: string) {
  return (await api.audit.list({ actorUserId })).entries.reverse();
}

function greetingBot(): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      { id: 'hello', kind: 'send_message', position: { x: 0, y: 120 }, text: 'Hello!', buttons: [], attachments: [] },
      { id: 'operators', kind: 'handoff', position: { x: 0, y: 240 }, lineId: null },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'operators' },
    ],
    variables: [],
  };
}

describe('the audit log of admin changes', () => {
  it('records line changes with before and after, the admin and their address', async () => {
    const { admin, api } = await adminFrom();
    const operator = await createUser(db());
    const { id: lineId } = await api.lines.create({ name: 'Sales' });
    const line = await api.lines.get({ lineId });
    await api.lines.update({ lineId, name: 'Sales EU', settings: line.settings, queue: [operator.id] });

    const entries = await entriesOf(api, admin.id);
    expect(entries.map((e) => e.action)).toEqual(['line.created', 'line.updated']);
    expect(entries[0]).toMatchObject({ actor: { kind: 'user', id: admin.id, name: admin.name }, subjectType: 'line', subjectId: String(lineId), before: null, ip: '203.0.113.7' });
    expect(entries[1]!.before).toMatchObject({ name: 'Sales', queue: [] });
    expect(entries[1]!.after).toMatchObject({ name: 'Sales EU', queue: [operator.id] });
  });

  it('records channel changes without their secrets', async () => {
    const { admin, api } = await adminFrom();
    const { lineId } = await createLine(db(), { name: 'Support' });
    const signingSecret = `s3cret-${randomUUID()}-${randomUUID()}`;
    const channel = await api.channels.create({ lineId, kind: 'custom', name: 'CRM', settings: { webhookUrl: 'https://crm.example.com/in', signingSecret } });
    const newSecret = `n3w-${randomUUID()}-${randomUUID()}`;
    await api.channels.update({ channelId: channel.id, name: 'CRM inbox', settings: { webhookUrl: 'https://crm.example.com/in2', signingSecret: newSecret } });
    await api.channels.setEnabled({ channelId: channel.id, enabled: false });
    await api.channels.remove({ channelId: channel.id });

    const entries = await entriesOf(api, admin.id);
    expect(entries.map((e) => e.action)).toEqual(['channel.created', 'channel.updated', 'channel.disabled', 'channel.removed']);
    expect(entries[1]).toMatchObject({
      subjectType: 'channel',
      subjectId: String(channel.id),
      before: { name: 'CRM', settings: { webhookUrl: 'https://crm.example.com/in' } },
      after: { name: 'CRM inbox', settings: { webhookUrl: 'https://crm.example.com/in2' }, credentialsReplaced: true },
    });
    const stored = await db().selectFrom('audit_log').select(sql<string>`row_to_json(audit_log)::text`.as('row')).where('subject_type', '=', 'channel').execute();
    for (const { row } of stored) {
      expect(row).not.toContain(signingSecret);
      expect(row).not.toContain(newSecret);
    }
  });

  it('records flows created, published, rolled back and deleted', async () => {
    const { admin, api } = await adminFrom();
    const { id: flowId } = await api.flows.create({ name: 'Welcome', kind: 'bot' });
    await api.flows.saveDraft({ flowId, document: greetingBot() });
    await api.flows.publish({ flowId });
    await api.flows.rollback({ flowId, version: 1 });
    await api.flows.delete({ flowId });

    const entries = await entriesOf(api, admin.id);
    expect(entries.map((e) => e.action)).toEqual(['flow.created', 'flow.published', 'flow.rolled_back', 'flow.deleted']);
    expect(entries[1]).toMatchObject({ subjectId: String(flowId), before: { version: null }, after: { name: 'Welcome', version: 1 } });
    expect(entries[2]).toMatchObject({ before: { version: 1 }, after: { version: 2, copyOf: 1 } });
    expect(entries[3]!.before).toMatchObject({ name: 'Welcome', kind: 'bot' });
  });

  it('records users added, their role, deactivation and password resets, never the password', async () => {
    const { admin, api } = await adminFrom();
    const password = 'a-long-enough-password-42';
    const { user } = await api.users.create({ name: 'Nina', email: `nina-${randomUUID().slice(0, 6)}@test.local`, role: 'manager', setup: { kind: 'password', password } });
    await api.users.setRole({ userId: user.id, role: 'director' });
    await api.users.setActive({ userId: user.id, active: false });
    await api.users.setActive({ userId: user.id, active: true });
    await api.users.resetPassword({ userId: user.id, setup: { kind: 'invitation' } });

    const entries = await entriesOf(api, admin.id);
    expect(entries.map((e) => e.action)).toEqual(['user.created', 'user.role_changed', 'user.deactivated', 'user.activated', 'user.password_reset']);
    expect(entries[0]).toMatchObject({ subjectType: 'user', subjectId: user.id, after: { name: 'Nina', role: 'manager', signInSetup: 'password' } });
    expect(entries[1]).toMatchObject({ before: { role: 'manager', active: true }, after: { role: 'director', active: true } });
    expect(entries[2]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(JSON.stringify(entries)).not.toContain(password);
  });

  it('records webhook subscriptions without their signing secret', async () => {
    const { admin, api } = await adminFrom();
    const { subscription, secret } = await api.webhooks.create({ url: 'https://crm.example.com/hooks', events: ['dialog.closed'] });
    await api.webhooks.update({ id: subscription.id, url: 'https://crm.example.com/hooks2', description: 'CRM', events: ['dialog.closed', 'rating.received'], active: true });
    await api.webhooks.delete({ id: subscription.id });

    const entries = await entriesOf(api, admin.id);
    expect(entries.map((e) => e.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
    expect(entries[1]).toMatchObject({ before: { url: 'https://crm.example.com/hooks', events: ['dialog.closed'] }, after: { url: 'https://crm.example.com/hooks2', events: ['dialog.closed', 'rating.received'] } });
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('records what a refused change did not do: nothing', async () => {
    const { admin, api } = await adminFrom();
    const { lineId } = await createLine(db(), { name: 'Support' });
    await rejection(api.lines.update({ lineId, name: 'Support', settings: (await api.lines.get({ lineId })).settings, queue: ['no-such-user'] }));
    expect(await entriesOf(api, admin.id)).toEqual([]);
  });
});

describe('the audit log of operator actions', () => {
  it('records take, pin, transfer, take-over, close and spam with the dialog before and after', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const boris = await createUser(db(), 'manager', 'Boris');
    const line = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
    const annaApi = apiAs(deps(), sessionUser(anna, 'manager'));
    const { dialogId } = await sendClientMessage(deps(), line.channelId, { text: 'Hello' });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    await annaApi.dialogs.take({ dialogId });
    await annaApi.dialogs.pin({ dialogId, pinned: true });
    await annaApi.dialogs.transfer({ dialogId, to: { kind: 'operator', operatorId: boris.id }, comment: 'VIP' });
    const { admin, api } = await adminFrom('198.51.100.4');
    await api.dialogs.takeOver({ dialogId });
    await api.dialogs.close({ dialogId });

    const annas = await entriesOf(api, anna.id);
    expect(annas.map((e) => e.action)).toEqual(['dialog.taken', 'dialog.pinned', 'dialog.transferred']);
    expect(annas[0]).toMatchObject({ subjectType: 'dialog', subjectId: String(dialogId), before: { operatorId: null, status: 'offered' }, after: { operatorId: anna.id } });
    expect(annas[2]).toMatchObject({ before: { operatorId: anna.id }, after: { operatorId: boris.id, to: { kind: 'operator', operatorId: boris.id }, comment: 'VIP' } });
    const admins = await entriesOf(api, admin.id);
    expect(admins.map((e) => e.action)).toEqual(['dialog.taken_over', 'dialog.closed']);
    expect(admins[1]).toMatchObject({ before: { operatorId: admin.id }, after: { status: 'closed' }, ip: '198.51.100.4' });

    const second = await sendClientMessage(deps(), line.channelId, { text: 'Buy now!!!' });
    await waitForState(testWorker.worker.client, second.dialogId, (s) => s.offeredTo.includes(anna.id));
    await annaApi.dialogs.take({ dialogId: second.dialogId });
    await annaApi.dialogs.spam({ dialogId: second.dialogId, blockContact: true });
    const spam = (await api.audit.list({ action: 'dialog.marked_spam', subjectId: String(second.dialogId) })).entries;
    expect(spam).toHaveLength(1);
    expect(spam[0]).toMatchObject({ actor: { id: anna.id }, after: { status: 'closed', blockContact: true } });
  });
});

describe('the audit log itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database', async () => {
    await recordAudit(db(), { actor: { userId: 'someone' }, action: 'line.created', subject: { type: 'line', id: 1 }, after: { name: 'x' } });
    await expect(sql`update audit_log set action = 'line.updated'`.execute(db())).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(sql`delete from audit_log`.execute(db())).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(sql`truncate audit_log`.execute(db())).rejects.toThrow(/append-only: TRUNCATE is refused/);
    expect((await db().selectFrom('audit_log').select('id').execute()).length).toBeGreaterThan(0);
  });

  it('masks secret fields given to recordAudit (API keys write through it too)', async () => {
    await recordAudit(db(), { actor: { apiKeyId: 'key-7' }, action: 'api_key.created', subject: { type: 'api_key', id: 'key-7' }, after: { name: 'Zapier', token: 'olk_live_abc', scopes: ['dialogs:read'] } });
    const { api } = await adminFrom();
    const [entry] = (await api.audit.list({ subjectType: 'api_key', subjectId: 'key-7' })).entries;
    expect(entry).toMatchObject({ actor: { kind: 'api_key', id: 'key-7' }, after: { name: 'Zapier', token: '••••', scopes: ['dialogs:read'] } });
  });

  it('filters by period, actor, action and subject, and pages newest first', async () => {
    const actor = `pager-${randomUUID()}`;
    for (let i = 0; i < 55; i++) await recordAudit(db(), { actor: { userId: actor }, action: 'line.updated', subject: { type: 'line', id: i }, after: { i } });
    const { api } = await adminFrom();
    const first = await api.audit.list({ actorUserId: actor });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]!.subjectId).toBe('54');
    const rest = await api.audit.list({ actorUserId: actor, cursor: first.nextCursor! });
    expect(rest.entries.map((e) => e.subjectId)).toEqual(['4', '3', '2', '1', '0']);
    expect(rest.nextCursor).toBeNull();
    expect((await api.audit.list({ actorUserId: actor, subjectType: 'line', subjectId: '7' })).entries).toHaveLength(1);
    expect((await api.audit.list({ actorUserId: actor, action: 'line.created' })).entries).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await api.audit.list({ actorUserId: actor, from: future })).entries).toHaveLength(0);
    expect((await api.audit.list({ actorUserId: actor, to: future })).entries).toHaveLength(50);
  });

  it('is for admins only', async () => {
    const director = await createUser(db(), 'director');
    expect((await rejection(apiAs(deps(), sessionUser(director, 'director')).audit.list({}))).code).toBe('FORBIDDEN');
  });
});
