import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dialogRow, eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, rejection, sessionUser } from './helpers';

/**
 * Transfer, invite, take over, pin, spam and the supervisor's rating (SPEC §2, §4 rules 6–7) through
 * the tRPC procedures the inbox calls, against a real dialog workflow and PostgreSQL.
 */
const testWorker = useTestWorker();

const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const db = () => testWorker.worker.db;

const quietLine = { greeting: { enabled: false }, rating: { enabled: false } } as const;

/** A dialog the operator has taken (a real workflow), for actions that need one. */
async function takenDialog(operator: { id: string; email: string; name: string }, options: { lineName?: string } = {}) {
  const line = await createLine(db(), { name: options.lineName ?? 'Support', operators: [operator.id], settings: quietLine });
  const visitorId = randomUUID();
  const { dialogId, contactId } = await sendClientMessage(deps(), line.channelId, { visitorId, text: 'Is my order shipped?' });
  await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));
  const api = apiAs(deps(), sessionUser(operator, 'manager'));
  await api.dialogs.take({ dialogId });
  await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === operator.id);
  return { dialogId, contactId, visitorId, line, api };
}

describe('who may do what', () => {
  it('keeps managers to their own dialogs: no take-over, no transferring a dialog that is not theirs', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const boris = await createUser(db(), 'manager', 'Boris');
    const director = await createUser(db(), 'director', 'Dana');
    const line = await createLine(db(), { operators: [anna.id, boris.id] });
    const at = { lineId: line.lineId, channelId: line.channelId };
    const queued = await insertDialog(db(), { ...at, status: 'queued' });
    const borisDialog = await insertDialog(db(), { ...at, status: 'in_work', operatorId: boris.id });
    const annaDialog = await insertDialog(db(), { ...at, status: 'in_work', operatorId: anna.id });
    const api = apiAs(deps(), sessionUser(anna, 'manager'));

    const takeOver = await rejection(api.dialogs.takeOver({ dialogId: queued }));
    expect(takeOver.code).toBe('FORBIDDEN');
    expect(takeOver.message).toMatch(/Only admins and directors can take over/);
    // A colleague's dialog is not even visible to her; a queued one she sees but does not own.
    expect((await rejection(api.dialogs.transfer({ dialogId: borisDialog, to: { kind: 'operator', operatorId: anna.id } }))).code).toBe('FORBIDDEN');
    const transferQueued = await rejection(api.dialogs.transfer({ dialogId: queued, to: { kind: 'operator', operatorId: anna.id } }));
    expect(transferQueued.code).toBe('FORBIDDEN');
    expect(transferQueued.message).toMatch(/operator or a supervisor can transfer/);
    expect((await rejection(api.dialogs.spam({ dialogId: queued, blockContact: true }))).code).toBe('FORBIDDEN');
    expect((await rejection(api.dialogs.invite({ dialogId: borisDialog, userId: anna.id }))).code).toBe('FORBIDDEN');
    expect(await dialogRow(db(), borisDialog)).toMatchObject({ operator_id: boris.id, status: 'in_work' });

    // The buttons the inbox shows follow the same rules.
    expect((await api.dialogs.get({ dialogId: annaDialog })).permissions).toMatchObject({
      canTransfer: true,
      canInvite: true,
      canPin: true,
      canSpam: true,
      canTakeOver: false,
      canRateAsSupervisor: false,
    });
    expect((await api.dialogs.get({ dialogId: queued })).permissions).toMatchObject({ canTransfer: false, canPin: false, canTakeOver: false });
    const directorView = await apiAs(deps(), sessionUser(director, 'director')).dialogs.get({ dialogId: borisDialog });
    expect(directorView.permissions).toMatchObject({ canTransfer: true, canTakeOver: true, canRateAsSupervisor: true });
  });

  it('refuses a transfer to someone who is not an active user, naming the field', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const gone = await createUser(db(), 'manager', 'Gone');
    await db().updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    const line = await createLine(db(), { operators: [anna.id] });
    const dialogId = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });
    const api = apiAs(deps(), sessionUser(anna, 'manager'));

    for (const operatorId of [gone.id, 'no-such-user']) {
      const error = await rejection(api.dialogs.transfer({ dialogId, to: { kind: 'operator', operatorId } }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('to.operatorId: no active user with this id; pick another operator.');
    }
    const noLine = await rejection(api.dialogs.transfer({ dialogId, to: { kind: 'line', lineId: 987654 } }));
    expect(noLine.message).toMatch(/^to\.lineId: line #987654 does not exist/);
    const longComment = await rejection(api.dialogs.transfer({ dialogId, to: { kind: 'line', lineId: line.lineId }, comment: 'x'.repeat(1001) }));
    expect(longComment.message).toBe('comment: must be at most 1000 characters');
    expect(await dialogRow(db(), dialogId)).toMatchObject({ operator_id: anna.id, line_id: line.lineId });
  });

  it('lets only supervisors rate a dialog, open or closed, and names a bad rating', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const director = await createUser(db(), 'director', 'Dana');
    const line = await createLine(db(), { operators: [anna.id] });
    const dialogId = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'closed', operatorId: anna.id });
    const supervisorApi = apiAs(deps(), sessionUser(director, 'director'));

    const refused = await rejection(apiAs(deps(), sessionUser(anna, 'manager')).dialogs.rateAsSupervisor({ dialogId, rating: 5 }));
    expect(refused.code).toBe('FORBIDDEN');
    const bad = await rejection(supervisorApi.dialogs.rateAsSupervisor({ dialogId, rating: 6 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('rating: must be a whole number from 1 to 5');
    expect((await dialogRow(db(), dialogId)).supervisor_rating).toBeNull();

    await supervisorApi.dialogs.rateAsSupervisor({ dialogId, rating: 4, comment: '  Polite, but check the refund rules.  ' });
    const view = await supervisorApi.dialogs.get({ dialogId });
    expect(view.supervisorRating).toMatchObject({ rating: 4, comment: 'Polite, but check the refund rules.', byName: 'Dana' });
    expect(view.events.at(-1)).toMatchObject({ kind: 'supervisor_rated', actorName: 'Dana', data: { rating: 4 } });
    // The operator sees the supervisor's verdict on their own dialog, but cannot change it.
    const operatorView = await apiAs(deps(), sessionUser(anna, 'manager')).dialogs.get({ dialogId });
    expect(operatorView.supervisorRating?.rating).toBe(4);
    expect(operatorView.permissions.canRateAsSupervisor).toBe(false);
  });
});

describe('dialog actions through the workflow', () => {
  it('transfers to an operator: the dialog is theirs, the comment is in the history, the sender lets go', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const boris = await createUser(db(), 'manager', 'Boris');
    const { dialogId, api } = await takenDialog(anna);

    await api.dialogs.transfer({ dialogId, to: { kind: 'operator', operatorId: boris.id }, comment: 'Knows the warranty cases' });

    expect(await dialogRow(db(), dialogId)).toMatchObject({ operator_id: boris.id, status: 'in_work' });
    const borisApi = apiAs(deps(), sessionUser(boris, 'manager'));
    const view = await borisApi.dialogs.get({ dialogId });
    expect(view.operator).toEqual({ id: boris.id, name: 'Boris' });
    expect(view.permissions.canReply).toBe(true);
    const transferred = view.events.find((e) => e.kind === 'transferred');
    expect(transferred).toMatchObject({ actorName: 'Anna', data: { comment: 'Knows the warranty cases' }, names: { operatorId: 'Boris', fromOperatorId: 'Anna' } });
    expect((await borisApi.inbox.list({ tab: 'waiting' })).items.map((i) => i.id)).toContain(dialogId);
    expect((await rejection(api.dialogs.get({ dialogId }))).code).toBe('FORBIDDEN');
  });

  it('transfers to another line: the dialog waits in that line’s queue', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { dialogId, api } = await takenDialog(anna, { lineName: 'Sales' });
    const billing = await createLine(db(), { name: 'Billing', operators: [], settings: quietLine });

    await api.dialogs.transfer({ dialogId, to: { kind: 'line', lineId: billing.lineId } });

    await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued' && s.operatorId === null);
    expect(await dialogRow(db(), dialogId)).toMatchObject({ line_id: billing.lineId, operator_id: null, status: 'queued' });
    const director = await createUser(db(), 'director', 'Dana');
    const view = await apiAs(deps(), sessionUser(director, 'director')).dialogs.get({ dialogId });
    expect(view.line.name).toBe('Billing');
    expect(view.events.find((e) => e.kind === 'transferred')?.names).toMatchObject({ lineId: 'Billing', fromLineId: 'Sales' });
  });

  it('marks spam with blocking: closed as spam, the contact blocked, their next message opens nothing', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { dialogId, contactId, visitorId, line, api } = await takenDialog(anna);

    await api.dialogs.spam({ dialogId, blockContact: true });

    expect(await dialogRow(db(), dialogId)).toMatchObject({ status: 'closed', close_reason: 'spam' });
    const contact = await db().selectFrom('contacts').select('blocked').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.blocked).toBe(true);
    expect((await api.dialogs.get({ dialogId })).events.map((e) => e.kind)).toContain('marked_spam');
    const again = await sendClientMessage(deps(), line.channelId, { visitorId, text: 'Buy cheap watches' });
    expect(again.route).toBe('blocked');

    const closed = await rejection(api.dialogs.transfer({ dialogId, to: { kind: 'line', lineId: line.lineId } }));
    expect(closed.code).toBe('CONFLICT');
    expect(closed.message).toMatch(/closed/);
  });

  it('pins and unpins the dialog', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { dialogId, api } = await takenDialog(anna);

    await api.dialogs.pin({ dialogId, pinned: true });
    expect((await dialogRow(db(), dialogId)).pinned).toBe(true);
    expect((await api.dialogs.get({ dialogId })).pinned).toBe(true);

    await api.dialogs.pin({ dialogId, pinned: false });
    expect((await dialogRow(db(), dialogId)).pinned).toBe(false);
    expect((await api.dialogs.get({ dialogId })).events.filter((e) => e.kind === 'pinned' || e.kind === 'unpinned').map((e) => e.kind)).toEqual(['pinned', 'unpinned']);
  });

  it('lets an invited colleague see and answer the dialog beside its operator', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const carl = await createUser(db(), 'manager', 'Carl');
    const { dialogId, api } = await takenDialog(anna);
    const carlApi = apiAs(deps(), sessionUser(carl, 'manager'));
    expect((await rejection(carlApi.dialogs.get({ dialogId }))).code).toBe('FORBIDDEN');

    await api.dialogs.invite({ dialogId, userId: carl.id });

    const view = await carlApi.dialogs.get({ dialogId });
    expect(view.participants).toEqual([{ id: carl.id, name: 'Carl' }]);
    expect(view.permissions).toMatchObject({ canReply: true, canClose: false, canTransfer: false });
    expect(view.events.find((e) => e.kind === 'invited')).toMatchObject({ actorName: 'Anna', names: { inviteeId: 'Carl' } });
    const { messageId } = await carlApi.dialogs.reply({ dialogId, text: 'Carl from logistics here: it left the warehouse today.' });
    const message = await db().selectFrom('messages').select(['author_user_id', 'hidden']).where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(message).toEqual({ author_user_id: carl.id, hidden: false });
    // Anna is still the operator.
    expect((await dialogRow(db(), dialogId)).operator_id).toBe(anna.id);

    const twice = await rejection(api.dialogs.invite({ dialogId, userId: carl.id }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/already in the dialog/);
  });

  it('lets a supervisor take a dialog over from its operator', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const director = await createUser(db(), 'director', 'Dana');
    const { dialogId } = await takenDialog(anna);
    const supervisorApi = apiAs(deps(), sessionUser(director, 'director'));

    await supervisorApi.dialogs.takeOver({ dialogId });

    expect((await dialogRow(db(), dialogId)).operator_id).toBe(director.id);
    const view = await supervisorApi.dialogs.get({ dialogId });
    expect(view.events.find((e) => e.kind === 'taken_over')).toMatchObject({ actorName: 'Dana', names: { fromOperatorId: 'Anna' } });
    expect(view.permissions.canTakeOver).toBe(false);
    const again = await rejection(supervisorApi.dialogs.takeOver({ dialogId }));
    expect(again.code).toBe('CONFLICT');
    await eventually(async () => (await supervisorApi.inbox.list({ tab: 'waiting' })).items.some((i) => i.id === dialogId));
  });
});
