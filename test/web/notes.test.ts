import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../domain/dialog';
import type { LiveEvent } from '../../domain/live-events';
import { handleGetHistory } from '../../web/server/channels/widget/messages';
import type { WidgetHistory } from '../../web/server/channels/widget/schemas';
import { issueVisitorToken } from '../../web/server/channels/widget/token';
import { LiveBus } from '../../web/server/live/bus';
import { eventually } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, countMessages, insertDialog, sessionUser, rejection, useApiDatabase } from './helpers';

/**
 * Internal notes (SPEC §1, §5): hidden messages staff add to a dialog without going through the
 * dialog workflow. The Temporal client here has no worker, so any workflow call would hang: notes
 * must be written without one.
 */
const shared = useApiDatabase();

async function notesOf(dialogId: number) {
  const db = shared.deps.db;
  const messages = await db.selectFrom('messages').selectAll().where('dialog_id', '=', dialogId).where('hidden', '=', true).orderBy('id').execute();
  const events = await db.selectFrom('dialog_events').selectAll().where('dialog_id', '=', dialogId).where('kind', '=', 'note_added').orderBy('id').execute();
  return { messages, events };
}

describe('dialogs.addNote', () => {
  it('stores a hidden operator message by the caller, records the event and tells other staff live', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const sales = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: anna.id });
    const before = await db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();

    const bus = new LiveBus(shared.databaseUrl);
    const seen: LiveEvent[] = [];
    await bus.subscribe((event) => seen.push(event));
    try {
      const { messageId } = await apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.addNote({ dialogId, text: '  Customer is a VIP, be gentle  ' });

      const { messages, events } = await notesOf(dialogId);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ id: messageId, author_kind: 'operator', author_user_id: anna.id, hidden: true, text: 'Customer is a VIP, be gentle', channel_id: sales.channelId });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_user_id: anna.id, data: { messageId } });

      const live = await eventually(async () => seen.find((e) => e.type === 'message.created' && e.messageId === messageId));
      expect(live).toMatchObject({ type: 'message.created', dialogId, lineId: sales.lineId, contactId: before.contact_id, authorKind: 'operator', hidden: true });
    } finally {
      await bus.stop();
    }

    // The note changes nothing the workflow decides.
    const after = await db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    // Staff see it, marked, in the dialog view and its history.
    const view = await apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.get({ dialogId });
    expect(view.messages.at(-1)).toMatchObject({ text: 'Customer is a VIP, be gentle', hidden: true, authorKind: 'operator', authorName: 'Anna' });
    expect(view.events.map((e) => e.kind)).toContain('note_added');
  });

  it('is allowed on closed dialogs, on unassigned dialogs of my lines, and to directors anywhere', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const boris = await createUser(db, 'manager');
    const director = await createUser(db, 'director');
    const sales = await createLine(db, { operators: [anna.id] });
    const at = { lineId: sales.lineId, channelId: sales.channelId };
    const closed = await insertDialog(db, { ...at, status: 'closed', operatorId: anna.id });
    const queued = await insertDialog(db, { ...at, status: 'queued' });
    const borisDialog = await insertDialog(db, { ...at, status: 'in_work', operatorId: boris.id });

    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));
    await api.dialogs.addNote({ dialogId: closed, text: 'Follow up next week' });
    await api.dialogs.addNote({ dialogId: queued, text: 'Probably a duplicate of #12' });
    await apiAs(shared.deps, sessionUser(director, 'director')).dialogs.addNote({ dialogId: borisDialog, text: 'Reviewed' });

    expect((await notesOf(closed)).messages.map((m) => m.text)).toEqual(['Follow up next week']);
    expect((await notesOf(queued)).messages.map((m) => m.text)).toEqual(['Probably a duplicate of #12']);
    expect((await notesOf(borisDialog)).messages.map((m) => m.author_user_id)).toEqual([director.id]);
  });

  it("is refused on another line's dialog and on a colleague's dialog, and nothing is written", async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const boris = await createUser(db, 'manager');
    const sales = await createLine(db, { operators: [anna.id, boris.id] });
    const support = await createLine(db, { operators: [boris.id] });
    const otherLine = await insertDialog(db, { lineId: support.lineId, channelId: support.channelId, status: 'queued' });
    const borisDialog = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: boris.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    for (const dialogId of [otherLine, borisDialog]) {
      const error = await rejection(api.dialogs.addNote({ dialogId, text: 'Sneaky note' }));
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(error.code);
      expect(await countMessages(db, dialogId)).toBe(1);
      expect(await notesOf(dialogId)).toEqual({ messages: [], events: [] });
    }
    expect((await rejection(api.dialogs.addNote({ dialogId: 999_999_999, text: 'Nobody home' }))).code).toBe('NOT_FOUND');
  });

  it('rejects an empty or too long text, naming the field', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const sales = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: anna.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    for (const text of ['', '   \n ', 'x'.repeat(MAX_MESSAGE_LENGTH + 1)]) {
      const error = await rejection(api.dialogs.addNote({ dialogId, text }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^text: /);
    }
    expect(MAX_MESSAGE_LENGTH + 1).toBe(4001);
    expect(await notesOf(dialogId)).toEqual({ messages: [], events: [] });
    // The longest allowed text is fine.
    await api.dialogs.addNote({ dialogId, text: 'x'.repeat(MAX_MESSAGE_LENGTH) });
    expect((await notesOf(dialogId)).messages).toHaveLength(1);
  });

  it("never reaches the client: the widget's history leaves the note out", async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const sales = await createLine(db, { operators: [anna.id] });
    const visitor = await issueVisitorToken(TEST_SECRET, { channelKey: sales.channelKey });
    const dialogId = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: anna.id, text: 'Where is my order?' });
    // The dialog's contact is this widget visitor.
    const { contact_id } = await db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();
    await db.updateTable('contact_identities').set({ external_id: visitor.visitorId }).where('contact_id', '=', contact_id).execute();

    await apiAs(shared.deps, sessionUser(anna, 'manager')).dialogs.addNote({ dialogId, text: 'Internal: customer is impatient' });

    const widgetDeps = { ...shared.deps, secret: TEST_SECRET, live: { subscribe: async () => () => undefined } };
    const request = new Request(`http://widget.test/api/widget/${sales.channelKey}/messages`, { headers: { authorization: `Bearer ${visitor.token}` } });
    const response = await handleGetHistory(widgetDeps, request, sales.channelKey);
    expect(response.status).toBe(200);
    const history = (await response.json()) as WidgetHistory;
    expect(history.dialog).toMatchObject({ dialogId });
    expect(history.messages.map((m) => m.text)).toEqual(['Where is my order?']);
  });
});
