import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LineSettingsInput } from '../../domain/line-settings';
import { acceptUpdate, closeUpdate, rateUpdate, replyUpdate } from '../../domain/messages';
import { dialogEvents, dialogHandle, dialogRow, dialogTexts, eventually, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/**
 * Closing rules beyond the deadlines (SPEC §3 closing, rating, KPI) on the time-skipping server,
 * with real activities and PostgreSQL: the reopen window, "close right after rating" off, and KPI
 * alerts after the real limits.
 */
const workflows = useTimeSkippingWorker();
const handle = (dialogId: number) => dialogHandle(workflows.env.client, dialogId);

/** A dialog on a line with the given settings, accepted by its only operator. */
async function acceptedDialog(settings: LineSettingsInput, visitorId = randomUUID()) {
  const anna = await createUser(workflows.db, 'manager', 'Anna');
  const line = await createLine(workflows.db, { operators: [anna.id], settings: { greeting: { enabled: false }, ...settings } });
  const { dialogId } = await workflows.sendClientMessage(line.channelId, { visitorId });
  await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
  await handle(dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna.id }] });
  return { anna, line, dialogId, visitorId };
}

describe('reopen window', () => {
  it('reopens the closed dialog with the same operator when the client writes inside the window', async () => {
    const { anna, line, dialogId, visitorId } = await acceptedDialog({ rating: { enabled: false }, closing: { reopenWindowMinutes: 30 } });
    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: 'Done, anything else?' }] });
    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('closed');

    await workflows.env.sleep('10 minutes');
    const again = await workflows.sendClientMessage(line.channelId, { visitorId, text: 'Oh, one more thing' });
    expect(again).toMatchObject({ dialogId, route: 'reopened' });
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');
    expect(state.operatorId).toBe(anna.id);
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'in_work', operator_id: anna.id, closed_at: null, reopened_count: 1 });

    // It is a live dialog again: Anna answers and closes it once more.
    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: 'Sure.' }] });
    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    expect((await dialogEvents(workflows.db, dialogId)).map((e) => e.kind).filter((k) => k === 'closed' || k === 'reopened')).toEqual(['closed', 'reopened', 'closed']);
  });

  it('opens a new dialog once the window has passed, and the old workflow has finished', async () => {
    const { anna, line, dialogId, visitorId } = await acceptedDialog({ rating: { enabled: false }, closing: { reopenWindowMinutes: 30 } });
    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    await workflows.env.sleep('31 minutes');
    await handle(dialogId).result();
    // The database's clock does not skip: date the close back by the skipped half hour.
    await workflows.db.updateTable('dialogs').set({ closed_at: new Date(Date.now() - 31 * 60_000) }).where('id', '=', dialogId).execute();

    const next = await workflows.sendClientMessage(line.channelId, { visitorId, text: 'Hello again' });
    expect(next.route).toBe('new');
    expect(next.dialogId).not.toBe(dialogId);
  });

  it('picks the dialog up in a new run when its workflow is gone (crash recovery), without a second greeting', async () => {
    const { anna, line, dialogId, visitorId } = await acceptedDialog({ greeting: { enabled: true }, rating: { enabled: false }, closing: { reopenWindowMinutes: 60 } });
    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    await handle(dialogId).terminate('simulated loss of the finished run');

    await workflows.sendClientMessage(line.channelId, { visitorId, text: 'Are you there?' });
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');
    expect(state.operatorId).toBe(anna.id);
    const greetings = (await dialogTexts(workflows.db, dialogId)).filter((t) => t === 'Hello! An operator will answer you shortly.');
    expect(greetings).toHaveLength(1);
  });

  it('never reopens a dialog closed as spam', async () => {
    const { line, dialogId, visitorId } = await acceptedDialog({ rating: { enabled: false }, closing: { reopenWindowMinutes: 60 } });
    await workflows.db.updateTable('dialogs').set({ status: 'closed', close_reason: 'spam', closed_at: new Date(await workflows.env.currentTimeMs()) }).where('id', '=', dialogId).execute();
    const next = await workflows.sendClientMessage(line.channelId, { visitorId });
    expect(next.dialogId).not.toBe(dialogId);
  });
});

describe('rating asked before closing', () => {
  it('without "close right after rating", asks on the first close and keeps the dialog open until the operator closes it', async () => {
    const { anna, dialogId } = await acceptedDialog({ rating: { askWhen: 'before_close', closeAfterRating: false } });
    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes('Please rate how we did.'));
    await handle(dialogId).executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes('Thank you for your rating!'));
    expect((await dialogRow(workflows.db, dialogId)).status).not.toBe('closed');

    await handle(dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna.id }] });
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'operator', rating: 'like' });
    const requests = (await dialogTexts(workflows.db, dialogId)).filter((t) => t === 'Please rate how we did.');
    expect(requests).toHaveLength(1);
  });
});

describe('KPI', () => {
  it('alerts the operator and the listed users when the first answer is late, once, and records the violation', async () => {
    const supervisor = await createUser(workflows.db, 'director', 'Sveta');
    const { anna, dialogId } = await acceptedDialog({
      noAnswer: { action: 'nothing' },
      kpi: { firstAnswer: { enabled: true, minutes: 5 }, furtherAnswer: { enabled: true, minutes: 15 }, alertUserIds: [supervisor.id] },
    });
    await workflows.env.sleep('4 minutes');
    expect(await workflows.db.selectFrom('kpi_violations').selectAll().where('dialog_id', '=', dialogId).execute()).toEqual([]);

    await workflows.env.sleep('2 minutes');
    await eventually(async () => (await workflows.db.selectFrom('kpi_violations').select('id').where('dialog_id', '=', dialogId).execute()).length === 1);
    const violation = await workflows.db.selectFrom('kpi_violations').selectAll().where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
    expect(violation).toMatchObject({ kind: 'first_answer', operator_id: anna.id, limit_minutes: 5 });
    const alerted = await workflows.db.selectFrom('notifications').select('user_id').where('dialog_id', '=', dialogId).execute();
    expect(alerted.map((n) => n.user_id).sort()).toEqual([anna.id, supervisor.id].sort());

    // One alert per wait: more time passing raises nothing new.
    await workflows.env.sleep('1 hour');
    expect(await workflows.db.selectFrom('kpi_violations').select('id').where('dialog_id', '=', dialogId).execute()).toHaveLength(1);
  });

  it('uses the further-answer limit once the operator has answered and the client writes again', async () => {
    const { anna, line, dialogId, visitorId } = await acceptedDialog({
      noAnswer: { action: 'nothing' },
      kpi: { firstAnswer: { enabled: true, minutes: 5 }, furtherAnswer: { enabled: true, minutes: 15 } },
    });
    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: 'Hi!' }] });
    await workflows.sendClientMessage(line.channelId, { visitorId, text: 'And the price?' });
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');

    await workflows.env.sleep('14 minutes');
    expect(await workflows.db.selectFrom('kpi_violations').select('id').where('dialog_id', '=', dialogId).execute()).toEqual([]);
    await workflows.env.sleep('2 minutes');
    await eventually(async () => (await workflows.db.selectFrom('kpi_violations').select('kind').where('dialog_id', '=', dialogId).execute()).length === 1);
    const violation = await workflows.db.selectFrom('kpi_violations').select(['kind', 'limit_minutes']).where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
    expect(violation).toEqual({ kind: 'further_answer', limit_minutes: 15 });
  });
});
