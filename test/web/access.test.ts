import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, countMessages, insertDialog, sessionUser, rejection, useApiDatabase } from './helpers';

/**
 * Who may see and do what (SPEC §2), checked on the server through the same tRPC procedures the
 * browser calls. None of these reach a workflow: every call here is refused or read-only.
 */
const shared = useApiDatabase();

describe('signed-out callers', () => {
  it('are refused with UNAUTHORIZED everywhere', async () => {
    const api = apiAs(shared.deps, null);
    expect((await rejection(api.inbox.list({ tab: 'mine' }))).code).toBe('UNAUTHORIZED');
    expect((await rejection(api.dialogs.get({ dialogId: 1 }))).code).toBe('UNAUTHORIZED');
    expect((await rejection(api.lines.list())).code).toBe('UNAUTHORIZED');
  });

  it('and deactivated users are refused with FORBIDDEN', async () => {
    const gone = await createUser(shared.deps.db, 'manager');
    const error = await rejection(apiAs(shared.deps, sessionUser(gone, 'manager', false)).inbox.list({ tab: 'mine' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/deactivated/);
  });
});

describe('managers', () => {
  it('cannot call admin procedures', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));
    expect((await rejection(api.lines.list())).code).toBe('FORBIDDEN');
    expect((await rejection(api.lines.create({ name: 'Sneaky' }))).code).toBe('FORBIDDEN');
    expect((await rejection(api.users.list())).code).toBe('FORBIDDEN');
    expect((await rejection(api.inbox.list({ tab: 'all' }))).code).toBe('FORBIDDEN');
    expect(await shared.deps.db.selectFrom('lines').select('id').where('name', '=', 'Sneaky').execute()).toEqual([]);
  });

  it("cannot read, answer or close another line's dialog, and nothing is written", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    await createLine(shared.deps.db, { operators: [anna.id], name: 'Sales' });
    const support = await createLine(shared.deps.db, { operators: [boris.id], name: 'Support' });
    const queued = await insertDialog(shared.deps.db, { lineId: support.lineId, channelId: support.channelId, status: 'queued' });
    const borisDialog = await insertDialog(shared.deps.db, { lineId: support.lineId, channelId: support.channelId, status: 'in_work', operatorId: boris.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    for (const dialogId of [queued, borisDialog]) {
      const read = await rejection(api.dialogs.get({ dialogId }));
      expect(read.code).toBe('FORBIDDEN');
      expect(read.message).toContain(`Dialog #${dialogId}`);
      expect((await rejection(api.dialogs.reply({ dialogId, text: 'Let me help' }))).code).toBe('FORBIDDEN');
      expect((await rejection(api.dialogs.close({ dialogId }))).code).toBe('FORBIDDEN');
      expect((await rejection(api.dialogs.take({ dialogId }))).code).toBe('FORBIDDEN');
      expect(await countMessages(shared.deps.db, dialogId)).toBe(1);
    }
    const row = await shared.deps.db.selectFrom('dialogs').select(['status', 'operator_id']).where('id', '=', borisDialog).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'in_work', operator_id: boris.id });
  });

  it("see their line's unassigned dialogs but not a colleague's assigned one", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id, boris.id] });
    const queued = await insertDialog(shared.deps.db, { lineId: line.lineId, channelId: line.channelId, status: 'queued', contactName: 'Queued Client' });
    const borisDialog = await insertDialog(shared.deps.db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: boris.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const view = await api.dialogs.get({ dialogId: queued });
    expect(view.contact.label).toBe('Queued Client');
    expect(view.permissions).toMatchObject({ canTake: false, canReply: false, canClose: false });
    expect(view.permissions.replyBlockedReason).toMatch(/queue/);
    expect((await rejection(api.dialogs.get({ dialogId: borisDialog }))).code).toBe('FORBIDDEN');
    expect((await rejection(api.dialogs.close({ dialogId: queued }))).code).toBe('FORBIDDEN');
  });

  it('get NOT_FOUND naming the dialog for an unknown id', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const error = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.get({ dialogId: 987654 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Dialog #987654 does not exist.');
  });
});

describe('supervisors', () => {
  it('see every dialog, with hidden notes marked', async () => {
    const director = await createUser(shared.deps.db, 'director');
    const boris = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [boris.id] });
    const dialogId = await insertDialog(shared.deps.db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: boris.id });
    await shared.deps.db
      .insertInto('messages')
      .values({ dialog_id: dialogId, channel_id: line.channelId, author_kind: 'operator', author_user_id: boris.id, text: 'Internal: VIP', hidden: true })
      .execute();
    const view = await apiAs(shared.deps, sessionUser(director, 'director')).dialogs.get({ dialogId });
    expect(view.operator?.id).toBe(boris.id);
    expect(view.messages.map((m) => [m.authorKind, m.hidden])).toEqual([
      ['client', false],
      ['operator', true],
    ]);
    expect(view.permissions.canClose).toBe(true);
  });
});

describe('reply validation', () => {
  it('rejects a reply over 4000 characters naming the field, and writes nothing', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id] });
    const dialogId = await insertDialog(shared.deps.db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });
    const error = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.reply({ dialogId, text: 'x'.repeat(4001) }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('text: must be at most 4000 characters; split a longer text into several messages');
    const empty = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.reply({ dialogId, text: '   ' }));
    expect(empty.message).toBe('text: must not be empty: write a text or attach a file');
    // PostgreSQL cannot store it: refused here, not retried by the dialog's workflow for ever.
    const nul = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.reply({ dialogId, text: 'Hello\u0000' }));
    expect(nul.message).toBe('text: must not contain the null character (U+0000); remove it and send again');
    expect(await countMessages(shared.deps.db, dialogId)).toBe(1);
  });
});

describe('transfer targets', () => {
  it("show a colleague's absence without its kind or note, to every role", async () => {
    const db = shared.deps.db;
    const sick = await createUser(db, 'manager', 'Sam');
    await db
      .insertInto('user_absences')
      .values({ user_id: sick.id, starts_at: new Date(Date.now() - 3_600_000), ends_at: new Date('2099-01-04T12:00:00Z'), kind: 'sick_leave', note: 'Flu, back next week' })
      .execute();
    for (const role of ['manager', 'director', 'admin'] as const) {
      const viewer = await createUser(db, role);
      const targets = await apiAs(shared.deps, sessionUser(viewer, role)).dialogs.transferTargets({ timeZone: 'UTC' });
      const sam = targets.operators.find((o) => o.id === sick.id);
      expect(sam).toMatchObject({ available: false, status: { key: 'absent', label: 'Absent', tone: 'red' }, reason: 'Absent until 4 Jan 2099' });
      // What the picker words in the viewer's language: the absence's end, not its kind.
      expect(sam?.reasonCode).toEqual({ key: 'absent', kind: null, until: expect.any(Date) });
      expect(JSON.stringify(targets)).not.toMatch(/sick|flu/i);
    }
  });
});
