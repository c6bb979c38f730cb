import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptUpdate, pinUpdate, transferUpdate } from '../../domain/messages';
import { replaceQueue } from '../../db/queries/lines';
import { scheduleIds, ensureSchedules } from '../../worker/schedules';
import { availabilityClockWorkflow, type AvailabilityClockInput } from '../../workflows/availability-clock';
import { dailyReturnWorkflow } from '../../workflows/daily-return';
import { dialogHandle, eventually, routingAttempted, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * The scheduled jobs on real servers: the daily return (SPEC §4 rule 5) and the availability
 * clock (absences and working days changing by the clock alone); the retention sweep has its own
 * test (retention.test.ts). The workflows are run directly; the schedules that start them in
 * production are checked apart.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const started: number[] = [];
afterEach(async () => {
  await terminateDialogs(testWorker.worker.client, started.splice(0));
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000);

/** A client writes on the line; the dialog is offered to `operatorId` (hand-off long enough for the test). */
async function dialogOfferedTo(channelId: number, operatorId: string): Promise<number> {
  const { dialogId } = await sendClientMessage(deps(), channelId);
  started.push(dialogId);
  await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(operatorId));
  return dialogId;
}

/** …and accepted: in work, the client wrote last. */
async function dialogInWorkWith(channelId: number, operatorId: string): Promise<number> {
  const dialogId = await dialogOfferedTo(channelId, operatorId);
  await dialogHandle(testWorker.worker.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId }] });
  await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'in_work');
  return dialogId;
}

async function storedDialog(dialogId: number) {
  return testWorker.worker.db.selectFrom('dialogs').select(['status', 'operator_id']).where('id', '=', dialogId).executeTakeFirstOrThrow();
}

async function eventuallyBackInQueue(dialogId: number) {
  return eventually(async () => {
    const row = await storedDialog(dialogId);
    return row.status === 'queued' && row.operator_id === null && row;
  });
}

function runDailyReturn() {
  return testWorker.worker.client.workflow.execute(dailyReturnWorkflow, { taskQueue: testWorker.worker.taskQueue, workflowId: `daily-return-${randomUUID()}`, args: [] });
}

function runAvailabilityClock(input: AvailabilityClockInput = { since: minutesAgo(0.5).toISOString() }) {
  return testWorker.worker.client.workflow.execute(availabilityClockWorkflow, {
    taskQueue: testWorker.worker.taskQueue,
    workflowId: `availability-clock-${randomUUID()}`,
    args: [input],
  });
}

async function addAbsence(userId: string, startsAt: Date, endsAt: Date): Promise<number> {
  const row = await testWorker.worker.db
    .insertInto('user_absences')
    .values({ user_id: userId, starts_at: startsAt, ends_at: endsAt, kind: 'vacation', note: null, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('daily return', () => {
  it('returns a dialog to the queue when its operator was removed from the line', async () => {
    const db = testWorker.worker.db;
    const leaving = await createUser(db, 'manager', 'Lea Leaving');
    const { lineId, channelId } = await createLine(db, { operators: [leaving.id] });
    const dialogId = await dialogInWorkWith(channelId, leaving.id);
    await replaceQueue(db, lineId, []);

    const { returned } = await runDailyReturn();

    expect(returned).toContainEqual({ dialogId, operatorId: leaving.id, why: 'left_queue' });
    await eventuallyBackInQueue(dialogId);
  });

  it('withdraws an offer made to a user who left the queue', async () => {
    const db = testWorker.worker.db;
    const leaving = await createUser(db, 'manager', 'Lea Leaving');
    const { lineId, channelId } = await createLine(db, { operators: [leaving.id], settings: { distribution: { handoffMinutes: 30 } } });
    const dialogId = await dialogOfferedTo(channelId, leaving.id);
    await replaceQueue(db, lineId, []);

    await runDailyReturn();

    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');
    expect(state.offeredTo).toEqual([]);
    await eventuallyBackInQueue(dialogId);
  });

  it('goes on past a dialog whose workflow has already ended', async () => {
    const db = testWorker.worker.db;
    const leaving = await createUser(db, 'manager', 'Lea Leaving');
    const { lineId, channelId } = await createLine(db, { operators: [leaving.id] });
    const ended = await dialogInWorkWith(channelId, leaving.id);
    const open = await dialogInWorkWith(channelId, leaving.id);
    await dialogHandle(testWorker.worker.client, ended).terminate('ended before the daily return');
    await replaceQueue(db, lineId, []);

    const { returned } = await runDailyReturn();

    expect(returned.map((r) => r.dialogId)).toContain(open);
    expect(returned.map((r) => r.dialogId)).not.toContain(ended);
    await eventuallyBackInQueue(open);
  });

  it('keeps a pinned dialog with a user who left the queue, but not with a deactivated user', async () => {
    const db = testWorker.worker.db;
    const leaving = await createUser(db, 'manager', 'Lea Leaving');
    const deactivated = await createUser(db, 'manager', 'Dee Deactivated');
    const leftLine = await createLine(db, { operators: [leaving.id] });
    const deactivatedLine = await createLine(db, { operators: [deactivated.id] });
    const keptDialog = await dialogInWorkWith(leftLine.channelId, leaving.id);
    const returnedDialog = await dialogInWorkWith(deactivatedLine.channelId, deactivated.id);
    for (const [dialogId, userId] of [[keptDialog, leaving.id], [returnedDialog, deactivated.id]] as const) {
      await dialogHandle(testWorker.worker.client, dialogId).executeUpdate(pinUpdate, { args: [{ userId, pinned: true }] });
    }
    await replaceQueue(db, leftLine.lineId, []);
    await db.updateTable('users').set({ active: false }).where('id', '=', deactivated.id).execute();

    const { returned } = await runDailyReturn();

    expect(returned.filter((r) => r.dialogId === keptDialog || r.dialogId === returnedDialog)).toEqual([
      { dialogId: returnedDialog, operatorId: deactivated.id, why: 'deactivated' },
    ]);
    await eventuallyBackInQueue(returnedDialog);
    expect(await storedDialog(keptDialog)).toEqual({ status: 'in_work', operator_id: leaving.id });
  });

  it('leaves a dialog with the colleague it was transferred to, though they are not in the queue', async () => {
    const db = testWorker.worker.db;
    const member = await createUser(db, 'manager', 'Mia Member');
    const colleague = await createUser(db, 'manager', 'Cole Colleague');
    const { channelId } = await createLine(db, { operators: [member.id] });
    const dialogId = await dialogInWorkWith(channelId, member.id);
    await dialogHandle(testWorker.worker.client, dialogId).executeUpdate(transferUpdate, {
      args: [{ userId: member.id, to: { kind: 'operator', operatorId: colleague.id } }],
    });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === colleague.id);

    const { returned } = await runDailyReturn();

    expect(returned.map((r) => r.dialogId)).not.toContain(dialogId);
    expect(await storedDialog(dialogId)).toMatchObject({ operator_id: colleague.id });
  });
});

describe('daily return and the CRM', () => {
  it('leaves a dialog with the client\'s responsible user who got it outside the queue', async () => {
    const db = testWorker.worker.db;
    const member = await createUser(db, 'manager', 'Mia Member');
    const owner = await createUser(db, 'manager', 'Oleg Owner');
    const { channelId } = await createLine(db, { operators: [member.id], settings: { crm: { routeToResponsible: true } } });
    const contact = await db.insertInto('contacts').values({ name: 'Client of Oleg', responsible_user_id: owner.id }).returning('id').executeTakeFirstOrThrow();
    const visitorId = randomUUID();
    await db.insertInto('contact_identities').values({ contact_id: contact.id, channel_id: channelId, external_id: visitorId }).execute();
    const { dialogId } = await sendClientMessage(deps(), channelId, { visitorId });
    started.push(dialogId);
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(owner.id));
    await dialogHandle(testWorker.worker.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: owner.id }] });

    const { returned } = await runDailyReturn();

    expect(returned.map((r) => r.dialogId)).not.toContain(dialogId);
    expect(await storedDialog(dialogId)).toMatchObject({ operator_id: owner.id });
  });
});

describe('availability clock', () => {
  it('sends an offered dialog back to the queue when the operator’s absence begins', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db, 'manager', 'Vic Vacation');
    const { channelId } = await createLine(db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    const dialogId = await dialogOfferedTo(channelId, operator.id);
    // Entered days ago for today; its start has just passed, and nothing told the dialog yet.
    await addAbsence(operator.id, new Date(Date.now() - 1000), hoursFromNow(24));

    const result = await runAvailabilityClock();

    expect(result.toldUnavailable).toContain(dialogId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');
    expect(state.offeredTo).toEqual([]);
  });

  it('offers a waiting dialog once the operator’s absence has ended', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db, 'manager', 'Ray Returning');
    const absenceId = await addAbsence(operator.id, minutesAgo(60), hoursFromNow(1));
    const { channelId } = await createLine(db, { operators: [operator.id] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    started.push(dialogId);
    // Routing was tried while the operator was absent: the dialog waits.
    await eventually(() => routingAttempted(testWorker.worker.client, dialogId));
    // The absence ends by the clock alone: nobody touches the dialog.
    await db.updateTable('user_absences').set({ ends_at: new Date(Date.now() - 1000) }).where('id', '=', absenceId).execute();

    const result = await runAvailabilityClock();

    expect(result.woken).toContain(dialogId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    expect(state.offeredTo).toEqual([operator.id]);
  });

  it('ends a working day left running for 16 hours, and the waiting client goes back to the queue', async () => {
    const db = testWorker.worker.db;
    const forgetful = await createUser(db, 'manager', 'Fay Forgetful');
    const onShift = await createUser(db, 'manager', 'Sam Shift');
    const { channelId } = await createLine(db, { operators: [forgetful.id] });
    const dialogId = await dialogInWorkWith(channelId, forgetful.id);
    await db.updateTable('operator_states').set({ workday_changed_at: minutesAgo(17 * 60) }).where('user_id', '=', forgetful.id).execute();
    await db.updateTable('operator_states').set({ workday_changed_at: minutesAgo(10 * 60) }).where('user_id', '=', onShift.id).execute();

    const result = await runAvailabilityClock();

    expect(result.workdaysFinished).toContain(forgetful.id);
    expect(result.workdaysFinished).not.toContain(onShift.id);
    const states = await db.selectFrom('operator_states').select(['user_id', 'workday']).where('user_id', 'in', [forgetful.id, onShift.id]).execute();
    expect(Object.fromEntries(states.map((s) => [s.user_id, s.workday]))).toEqual({ [forgetful.id]: 'finished', [onShift.id]: 'working' });
    await eventuallyBackInQueue(dialogId);
  });

  it('starts each run where the previous one ended', async () => {
    const first = await runAvailabilityClock({});
    const second = await runAvailabilityClock({});
    expect(second.since).toBe(first.until);
    expect(Date.parse(second.until)).toBeGreaterThan(Date.parse(first.until));
  });
});

describe('ensureSchedules', () => {
  it('creates the three schedules once, then brings them in line with the settings, keeping a pause', async () => {
    const client = testWorker.worker.client;
    const idPrefix = `test-${randomUUID().slice(0, 8)}`;
    const ids = scheduleIds(idPrefix);
    // A task queue nobody polls: a run the schedule might start during the test never touches the database.
    const taskQueue = `unpolled-${randomUUID()}`;
    try {
      expect(await ensureSchedules(client, { taskQueue, idPrefix })).toEqual({ created: [ids.dailyReturn, ids.availabilityClock, ids.retentionSweep], updated: [] });
      await client.schedule.getHandle(ids.dailyReturn).pause('paused by an admin');

      expect(await ensureSchedules(client, { taskQueue, idPrefix, dailyReturnAt: '04:30', timeZone: 'Europe/Berlin' })).toEqual({
        created: [],
        updated: [ids.dailyReturn, ids.availabilityClock, ids.retentionSweep],
      });

      const daily = await client.schedule.getHandle(ids.dailyReturn).describe();
      expect(daily.spec.calendars?.map((c) => ({ hour: c.hour, minute: c.minute }))).toEqual([
        { hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] },
      ]);
      expect(daily.spec.timezone).toBe('Europe/Berlin');
      expect(daily.action).toMatchObject({ workflowType: 'dailyReturnWorkflow', taskQueue });
      expect(daily.policies.overlap).toBe('SKIP');
      expect(daily.state.paused).toBe(true);

      const clock = await client.schedule.getHandle(ids.availabilityClock).describe();
      expect(clock.spec.intervals?.map((i) => i.every)).toEqual([60_000]);
      expect(clock.action).toMatchObject({ workflowType: 'availabilityClockWorkflow', taskQueue });
      expect(clock.policies.overlap).toBe('SKIP');
      expect(clock.state.paused).toBe(false);

      // Retention: daily at 04:30 in the daily return's time zone, never two at once, caught up within 12 hours.
      const retention = await client.schedule.getHandle(ids.retentionSweep).describe();
      expect(retention.spec.calendars?.map((c) => ({ hour: c.hour, minute: c.minute }))).toEqual([
        { hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] },
      ]);
      expect(retention.spec.timezone).toBe('Europe/Berlin');
      expect(retention.action).toMatchObject({ workflowType: 'retentionSweepWorkflow', workflowId: ids.retentionSweep, taskQueue });
      expect(retention.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 12 * 60 * 60_000 });
      expect(retention.state.paused).toBe(false);
    } finally {
      await Promise.allSettled(Object.values(ids).map((id) => client.schedule.getHandle(id).delete()));
    }
  });
});
