import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, countMessages, insertDialog, sessionUser } from './helpers';

/** The operator's inbox and dialog actions, against a real dialog workflow and PostgreSQL. */
const testWorker = useTestWorker();

const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

describe('inbox lists', () => {
  it('splits my dialogs, my lines’ queue and everything else as an operator expects', async () => {
    const anna = await createUser(testWorker.worker.db, 'manager', 'Anna');
    const boris = await createUser(testWorker.worker.db, 'manager', 'Boris');
    const director = await createUser(testWorker.worker.db, 'director', 'Dana');
    const sales = await createLine(testWorker.worker.db, { name: 'Sales', operators: [anna.id, boris.id] });
    const other = await createLine(testWorker.worker.db, { name: 'Other', operators: [boris.id] });
    const at = { lineId: sales.lineId, channelId: sales.channelId };

    const clientWaits = await insertDialog(testWorker.worker.db, { ...at, status: 'in_work', operatorId: anna.id, contactName: 'Olga', text: 'Where is my order?' });
    const waitsForClient = await insertDialog(testWorker.worker.db, { ...at, status: 'waiting_client', operatorId: anna.id });
    const closedMine = await insertDialog(testWorker.worker.db, { ...at, status: 'closed', operatorId: anna.id });
    const offeredToMe = await insertDialog(testWorker.worker.db, { ...at, status: 'offered', offeredTo: [anna.id] });
    const offeredToBoris = await insertDialog(testWorker.worker.db, { ...at, status: 'offered', offeredTo: [boris.id] });
    const queued = await insertDialog(testWorker.worker.db, { ...at, status: 'queued' });
    const borisDialog = await insertDialog(testWorker.worker.db, { ...at, status: 'in_work', operatorId: boris.id });
    const otherLine = await insertDialog(testWorker.worker.db, { lineId: other.lineId, channelId: other.channelId, status: 'queued' });

    const api = apiAs(deps(), sessionUser(anna, 'manager'));
    const ids = async (tab: 'waiting' | 'mine' | 'queue') => (await api.inbox.list({ tab })).items.map((i) => i.id);

    expect(await ids('waiting')).toEqual([clientWaits]);
    expect(new Set(await ids('mine'))).toEqual(new Set([clientWaits, waitsForClient]));
    expect(await ids('queue')).toEqual([offeredToMe, offeredToBoris, queued]);

    const queue = (await api.inbox.list({ tab: 'queue' })).items;
    expect(queue.map((i) => i.offeredToMe)).toEqual([true, false, false]);
    const waiting = (await api.inbox.list({ tab: 'waiting' })).items[0];
    expect(waiting).toMatchObject({
      status: 'in_work',
      line: { name: 'Sales' },
      contact: { label: 'Olga' },
      preview: { text: 'Where is my order?', authorKind: 'client', hidden: false },
      offeredToMe: false,
    });
    expect(await api.inbox.counts()).toEqual({ waiting: 1, mine: 2, queue: 3, offeredToMe: 1, allOpen: null });

    const all = await apiAs(deps(), sessionUser(director, 'director')).inbox.list({ tab: 'all', limit: 100 });
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([closedMine, borisDialog, otherLine]));
  });

  it('pages through a long list without repeating or skipping a dialog', async () => {
    const director = await createUser(testWorker.worker.db, 'director');
    const line = await createLine(testWorker.worker.db, { operators: [] });
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await insertDialog(testWorker.worker.db, { lineId: line.lineId, channelId: line.channelId, status: 'queued' }));
    const api = apiAs(deps(), sessionUser(director, 'director'));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = await api.inbox.list({ tab: 'all', limit: 3, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created));
  });
});

describe('dialog actions through the workflow', () => {
  it('lets the offered operator take, answer and close; a colleague gets the workflow’s refusal', async () => {
    const anna = await createUser(testWorker.worker.db, 'manager', 'Anna');
    const boris = await createUser(testWorker.worker.db, 'manager', 'Boris');
    const { channelId } = await createLine(testWorker.worker.db, { operators: [anna.id, boris.id], settings: { greeting: { enabled: false } } });
    const { dialogId } = await sendClientMessage(deps(), channelId, { text: 'My parcel is late' });
    const offered = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length === 1);
    const [offeredId] = offered.offeredTo;
    const [me, colleague] = offeredId === anna.id ? [anna, boris] : [boris, anna];
    const api = apiAs(deps(), sessionUser(me, 'manager'));
    const colleagueApi = apiAs(deps(), sessionUser(colleague, 'manager'));

    const view = await api.dialogs.get({ dialogId });
    expect(view).toMatchObject({ status: 'offered', offeredToMe: true, permissions: { canTake: true, canSkip: true, canReply: true } });
    expect((await colleagueApi.dialogs.get({ dialogId })).permissions).toMatchObject({ canTake: false, canReply: false });

    const refused = (await colleagueApi.dialogs.take({ dialogId }).catch((e: unknown) => e)) as TRPCError;
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/not offered to you/);

    await api.dialogs.take({ dialogId });
    await eventually(async () => (await api.inbox.list({ tab: 'waiting' })).items.some((i) => i.id === dialogId));

    const clientMessageId = randomUUID();
    const { messageId } = await api.dialogs.reply({ dialogId, text: '  It ships today.  ', clientMessageId });
    // Sent again by the browser (a retry after a timeout): the same reply, stored and sent once.
    expect((await api.dialogs.reply({ dialogId, text: '  It ships today.  ', clientMessageId })).messageId).toBe(messageId);
    const badId = (await api.dialogs.reply({ dialogId, text: 'Hi', clientMessageId: 'reply-1' }).catch((e: unknown) => e)) as TRPCError;
    expect(badId.code).toBe('BAD_REQUEST');
    expect(badId.message).toMatch(/clientMessageId/);
    const reply = await testWorker.worker.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ author_kind: 'operator', author_user_id: me.id, text: 'It ships today.' });
    const afterReply = await api.dialogs.get({ dialogId });
    expect(afterReply.status).toBe('waiting_client');
    expect(afterReply.messages.map((m) => m.text)).toEqual(['My parcel is late', 'It ships today.']);

    // Once taken, the dialog is the operator's own: the colleague no longer sees it.
    expect(((await colleagueApi.dialogs.get({ dialogId }).catch((e: unknown) => e)) as TRPCError).code).toBe('FORBIDDEN');

    await api.dialogs.close({ dialogId });
    const closed = await api.dialogs.get({ dialogId });
    expect(closed.status).toBe('closed');
    expect(closed.permissions).toMatchObject({ canReply: false, canClose: false });
    expect(closed.permissions.replyBlockedReason).toMatch(/closed/);

    const again = (await api.dialogs.reply({ dialogId, text: 'One more thing' }).catch((e: unknown) => e)) as TRPCError;
    expect(again.code).toBe('CONFLICT');
    expect(await countMessages(testWorker.worker.db, dialogId)).toBeGreaterThanOrEqual(2);
  });

  it('skip passes the offer to the next operator', async () => {
    const anna = await createUser(testWorker.worker.db, 'manager', 'Anna');
    const boris = await createUser(testWorker.worker.db, 'manager', 'Boris');
    const { channelId } = await createLine(testWorker.worker.db, { operators: [anna.id, boris.id], settings: { greeting: { enabled: false } } });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    const first = (await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length === 1)).offeredTo[0];
    const second = first === anna.id ? boris : anna;
    const firstUser = first === anna.id ? anna : boris;

    await apiAs(deps(), sessionUser(firstUser, 'manager')).dialogs.skip({ dialogId });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(second.id));
    const queue = await apiAs(deps(), sessionUser(second, 'manager')).inbox.list({ tab: 'queue' });
    expect(queue.items.find((i) => i.id === dialogId)?.offeredToMe).toBe(true);
  });
});
