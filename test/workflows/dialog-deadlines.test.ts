import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LineSettingsInput } from '../../domain/line-settings';
import { acceptUpdate, closeUpdate, operatorUnavailableSignal, rateUpdate, replyUpdate } from '../../domain/messages';
import { dialogEvents, dialogHandle, dialogRow, dialogTexts, eventually, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/**
 * The line's timed rules (SPEC §3, §4) on the time-skipping server with the product's real
 * default durations: 2-minute no-answer, 7-day auto-close, 30-day expiry.
 */
const workflows = useTimeSkippingWorker();

async function lineWith(settings: LineSettingsInput, operators = 1) {
  const users = await Promise.all(Array.from({ length: operators }, () => createUser(workflows.db)));
  const line = await createLine(workflows.db, { operators: users.map((u) => u.id), settings: { greeting: { enabled: false }, ...settings } });
  return { ...line, operators: users };
}

const PLEASE_WAIT = 'Thank you for waiting. All our operators are busy right now; we will answer as soon as we can.';

describe('no-answer rule', () => {
  it('sends the "please wait" text once, two minutes after nobody answered, and marks the dialog missed', async () => {
    const { channelId } = await lineWith({ distribution: { handoffMinutes: 30 } });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'offered');

    await workflows.env.sleep('1 minute');
    expect(await dialogTexts(workflows.db, dialogId)).not.toContain(PLEASE_WAIT);
    await workflows.env.sleep('61 seconds');
    await waitForState(workflows.env.client, dialogId, (s) => s.missed);
    expect((await dialogTexts(workflows.db, dialogId)).filter((t) => t === PLEASE_WAIT)).toHaveLength(1);
    expect((await dialogRow(workflows.db, dialogId)).missed).toBe(true);

    await workflows.env.sleep('10 minutes');
    expect((await dialogTexts(workflows.db, dialogId)).filter((t) => t === PLEASE_WAIT)).toHaveLength(1);
  });

  it('sends nothing once an operator answered in time', async () => {
    const { channelId, operators } = await lineWith({ distribution: { handoffMinutes: 30 } });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    await dialogHandle(workflows.env.client, dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: operators[0]!.id, text: 'Hi!' }] });
    await workflows.env.sleep('5 minutes');
    expect(await dialogTexts(workflows.db, dialogId)).not.toContain(PLEASE_WAIT);
  });

  it('returns an accepted but unanswered dialog to the queue, and it is offered again', async () => {
    const { channelId, operators } = await lineWith({ noAnswer: { action: 'return_to_queue' }, distribution: { handoffMinutes: 30 } }, 2);
    const { dialogId } = await workflows.sendClientMessage(channelId);
    const offered = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    const first = offered.offeredTo[0]!;
    await dialogHandle(workflows.env.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: first }] });

    await workflows.env.sleep('121 seconds');
    const again = await waitForState(workflows.env.client, dialogId, (s) => s.operatorId === null && s.offeredTo.length > 0);
    expect(again.offeredTo).toEqual([operators.map((o) => o.id).find((id) => id !== first)]);
    await eventually(async () => (await dialogEvents(workflows.db, dialogId)).length === 4);
    expect((await dialogEvents(workflows.db, dialogId)).map((e) => e.kind)).toEqual(['offered', 'accepted', 'returned_to_queue', 'offered']);
    expect(await dialogTexts(workflows.db, dialogId)).not.toContain(PLEASE_WAIT);
  });
});

describe('auto-close', () => {
  it('closes 7 days after the operator wrote last, then asks for the rating', async () => {
    const { channelId, operators } = await lineWith({});
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    const handle = dialogHandle(workflows.env.client, dialogId);
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operators[0]!.id, text: 'Try turning it off and on.' }] });

    // The client answers on day 3: the 7 days count again from the operator's next reply.
    await workflows.env.sleep('3 days');
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Did not help' });
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operators[0]!.id, text: 'Then please bring it in.' }] });

    await workflows.env.sleep('6 days');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('waiting_client');
    await workflows.env.sleep('1 day');
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes('Please rate how we did.'));
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'auto_close' });
  });

  it('never closes a dialog whose client waits for an answer', async () => {
    const { channelId, operators } = await lineWith({});
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    await dialogHandle(workflows.env.client, dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: operators[0]!.id, text: 'One moment' }] });
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Still waiting' });
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');
    await workflows.env.sleep('8 days');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('in_work');
  });
});

describe('expiry', () => {
  it('archives a dialog whose client never got an answer after 30 days, without a rating request', async () => {
    const { channelId } = await lineWith({ noAnswer: { action: 'nothing' } }, 0);
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'queued');
    await workflows.env.sleep('29 days');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('queued');
    await workflows.env.sleep('1 day');
    await dialogHandle(workflows.env.client, dialogId).result();
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'expired', rating: null });
    expect(await dialogTexts(workflows.db, dialogId)).toEqual(['Hello, I need help']);
  });

  it('counts from the first unanswered message however often the client writes again, and keeps the timer it armed', async () => {
    const { channelId } = await lineWith({ noAnswer: { action: 'nothing' } }, 0);
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'queued');
    for (const day of [10, 20]) {
      await workflows.env.sleep('10 days');
      await workflows.sendClientMessage(channelId, { visitorId, text: `Day ${day}: anyone?` });
      await eventually(async () => (await dialogTexts(workflows.db, dialogId)).length === day / 10 + 1);
    }
    await workflows.env.sleep('9 days');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('queued');
    await workflows.env.sleep('1 day');
    await dialogHandle(workflows.env.client, dialogId).result();
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'expired' });
    // The messages did not move the expiry: its one timer fired, none was cancelled and restarted.
    const events = (await dialogHandle(workflows.env.client, dialogId).fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes).length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(0);
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
  });
});

describe('operator becomes unavailable (SPEC §4 rule 4)', () => {
  it('withdraws an offer at once and offers the dialog to the next operator', async () => {
    const { channelId, operators } = await lineWith({ distribution: { handoffMinutes: 30 } }, 2);
    const { dialogId } = await workflows.sendClientMessage(channelId);
    const offered = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    await dialogHandle(workflows.env.client, dialogId).signal(operatorUnavailableSignal, { operatorId: offered.offeredTo[0]! });
    const next = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0 && s.offeredTo[0] !== offered.offeredTo[0]);
    expect(next.offeredTo).toEqual([operators.map((o) => o.id).find((id) => id !== offered.offeredTo[0])]);
    expect(next.missed).toBe(false);
  });

  it('returns a dialog whose client wrote last to the queue, and keeps one the operator answered', async () => {
    const { channelId, operators } = await lineWith({ distribution: { handoffMinutes: 30 } }, 1);
    const anna = operators[0]!.id;
    const waiting = await workflows.sendClientMessage(channelId);
    const answered = await workflows.sendClientMessage(channelId);
    for (const { dialogId } of [waiting, answered]) {
      await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna));
      await dialogHandle(workflows.env.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    }
    await dialogHandle(workflows.env.client, answered.dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Done!' }] });

    for (const { dialogId } of [waiting, answered]) await dialogHandle(workflows.env.client, dialogId).signal(operatorUnavailableSignal, { operatorId: anna });
    await waitForState(workflows.env.client, waiting.dialogId, (s) => s.operatorId === null);
    await eventually(async () => (await dialogEvents(workflows.db, waiting.dialogId)).map((e) => e.kind).includes('returned_to_queue'));
    expect((await dialogEvents(workflows.db, waiting.dialogId)).map((e) => e.kind).slice(0, 3)).toEqual(['offered', 'accepted', 'returned_to_queue']);
    const kept = await waitForState(workflows.env.client, answered.dialogId, (s) => s.status === 'waiting_client');
    expect(kept.operatorId).toBe(anna);
  });
});

describe('rating asked before closing', () => {
  it('asks when the operator closes, and closes right after the rating when set', async () => {
    const { channelId, operators } = await lineWith({ rating: { askWhen: 'before_close', closeAfterRating: true } });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    const handle = dialogHandle(workflows.env.client, dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operators[0]!.id }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operators[0]!.id }] });
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes('Please rate how we did.'));
    expect((await dialogRow(workflows.db, dialogId)).status).not.toBe('closed');

    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'rating', rating: 'like' });
  });
});

describe('working hours', () => {
  const CLOSED = 'We are closed right now. Leave your message and we will answer when we are back.';

  it('answers out of hours once per off period, and not while open; the dialog still queues', async () => {
    // Open every day 00:00–23:59 except today, a holiday: closed now, open from tomorrow 00:00,
    // closed again for the last minute of tomorrow.
    const now = new Date(await workflows.env.currentTimeMs());
    const today = now.toISOString().slice(0, 10);
    const allDay = { open: true, from: '00:00', to: '23:59' };
    const week = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
    const { channelId } = await lineWith({ noAnswer: { action: 'nothing' }, workingHours: { enabled: true, timeZone: 'UTC', week, holidays: [today] }, distribution: { handoffMinutes: 30 } });
    const visitorId = randomUUID();
    const { dialogId } = await workflows.sendClientMessage(channelId, { visitorId });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes(CLOSED));

    await workflows.sendClientMessage(channelId, { visitorId, text: 'Hello again?' });
    const untilTomorrow = Date.parse(`${today}T00:00:00Z`) + 86_400_000 - Date.parse(now.toISOString());
    await workflows.env.sleep(untilTomorrow + 60_000);
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Open now?' });
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).includes('Open now?'));
    await workflows.env.sleep('1 minute');
    expect((await dialogTexts(workflows.db, dialogId)).filter((t) => t === CLOSED)).toHaveLength(1);

    // Now tomorrow 00:02; tomorrow 23:59:30 falls in the next off period: one more reply.
    await workflows.env.sleep(86_400_000 - 2 * 60_000 - 30_000);
    await workflows.sendClientMessage(channelId, { visitorId, text: 'Late question' });
    await eventually(async () => (await dialogTexts(workflows.db, dialogId)).filter((t) => t === CLOSED).length === 2);
  });
});
