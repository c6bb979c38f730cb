import { afterAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { RaiseKpiAlertInput } from '../../activities/kpi';
import type { LiveEvent } from '../../domain/live-events';
import { LiveBus } from '../../web/server/live/bus';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, sessionUser, useApiDatabase } from '../web/helpers';

/** SPEC §3 KPI: a dialog over an answer-time limit is recorded once and alerts the right people at once. */
const shared = useApiDatabase();
const activities = () => createActivities({ db: shared.deps.db, maxOpenDialogsPerOperator: 1000 });
const buses: LiveBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.stop()));
});

async function lineWithKpi(alertUserIds: string[], operators: string[] = []) {
  return createLine(shared.deps.db, {
    name: 'Website',
    operators,
    settings: { kpi: { firstAnswer: { enabled: true, minutes: 5 }, furtherAnswer: { enabled: true, minutes: 15 }, alertUserIds } },
  });
}

async function notificationsOf(userId: string) {
  return shared.deps.db.selectFrom('notifications').select(['kind', 'dialog_id', 'data', 'read_at']).where('user_id', '=', userId).execute();
}

describe('raiseKpiAlert', () => {
  it('records a violation once however often the activity is retried, and a later waiting period again', async () => {
    const operator = await createUser(shared.deps.db, 'manager');
    const line = await lineWithKpi([], [operator.id]);
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: operator.id });
    const alert: RaiseKpiAlertInput = { dialogId, kind: 'further_answer', operatorId: operator.id, limitMinutes: 15, waitingSince: '2026-03-02T10:00:00.000Z' };

    await activities().raiseKpiAlert(alert);
    await activities().raiseKpiAlert(alert);

    const violations = await shared.deps.db.selectFrom('kpi_violations').selectAll().where('dialog_id', '=', dialogId).execute();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ line_id: line.lineId, operator_id: operator.id, kind: 'further_answer', limit_minutes: 15 });
    expect(violations[0]?.waiting_since.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const events = await shared.deps.db.selectFrom('dialog_events').select(['kind', 'data']).where('dialog_id', '=', dialogId).where('kind', '=', 'kpi_violated').execute();
    expect(events).toEqual([{ kind: 'kpi_violated', data: { violation: 'further_answer', limitMinutes: 15, waitingSince: '2026-03-02T10:00:00.000Z', operatorId: operator.id } }]);
    expect(await notificationsOf(operator.id)).toHaveLength(1);

    // The client wrote again after an answer: a new waiting period is a new violation.
    await activities().raiseKpiAlert({ ...alert, waitingSince: '2026-03-02T11:30:00.000Z' });
    expect(await shared.deps.db.selectFrom('kpi_violations').select('id').where('dialog_id', '=', dialogId).execute()).toHaveLength(2);
    expect(await notificationsOf(operator.id)).toHaveLength(2);
  });

  it('alerts the operator and each active listed user once; a deactivated listed user gets nothing', async () => {
    const operator = await createUser(shared.deps.db, 'manager');
    const director = await createUser(shared.deps.db, 'director');
    const gone = await createUser(shared.deps.db, 'manager');
    await shared.deps.db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    const line = await lineWithKpi([director.id, operator.id, gone.id], [operator.id]);
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: operator.id });

    await activities().raiseKpiAlert({ dialogId, kind: 'first_answer', operatorId: operator.id, limitMinutes: 5, waitingSince: new Date().toISOString() });

    expect(await notificationsOf(operator.id)).toEqual([expect.objectContaining({ kind: 'kpi_alert', dialog_id: dialogId, read_at: null })]);
    expect(await notificationsOf(director.id)).toHaveLength(1);
    expect(await notificationsOf(gone.id)).toEqual([]);

    const inbox = await apiAs(shared.deps, sessionUser(director, 'director')).notifications.list();
    expect(inbox.unreadCount).toBe(1);
    expect(inbox.items[0]).toMatchObject({ dialogId, text: `Dialog #${dialogId} (Website): first answer overdue — limit 5 min`, readAt: null });
  });

  it('alerts only the listed users while the dialog waits unassigned in the queue', async () => {
    const director = await createUser(shared.deps.db, 'director');
    const line = await lineWithKpi([director.id]);
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'queued' });

    await activities().raiseKpiAlert({ dialogId, kind: 'first_answer', operatorId: null, limitMinutes: 5, waitingSince: new Date().toISOString() });

    const [violation] = await shared.deps.db.selectFrom('kpi_violations').select('operator_id').where('dialog_id', '=', dialogId).execute();
    expect(violation).toEqual({ operator_id: null });
    expect(await shared.deps.db.selectFrom('notifications').select('user_id').where('dialog_id', '=', dialogId).execute()).toEqual([{ user_id: director.id }]);
  });
});

describe('KPI alerts on the live stream', () => {
  /** Opens `user`'s live stream on the real bus; `until` resolves with the dialog ids of the notifications they received up to the marker. */
  async function listen(bus: LiveBus, user: ReturnType<typeof sessionUser>, markerDialogId: () => number) {
    const controller = new AbortController();
    const stream = await apiAs(shared.deps, user, bus, { signal: controller.signal }).live.events();
    const notified: number[] = [];
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const done = (async () => {
      for await (const envelope of stream) {
        // The direct caller yields tracked() envelopes as [id, data] tuples; HTTP clients get { id, data }.
        const event = (Array.isArray(envelope) ? envelope[1] : envelope.data) as LiveEvent | { type: 'stream.ready' };
        if (event.type === 'stream.ready') listening();
        if (event.type !== 'notification.created' || event.dialogId === null) continue;
        notified.push(event.dialogId);
        if (event.dialogId === markerDialogId()) break;
      }
      controller.abort();
      return notified;
    })();
    // The stream's first item says it listens: alerts raised from now on reach it.
    await Promise.race([ready, done]);
    return { until: () => done };
  }

  it('reaches the alerted users at once, and no one else, supervisors included', async () => {
    const bus = new LiveBus(shared.databaseUrl);
    buses.push(bus);
    const operator = await createUser(shared.deps.db, 'manager');
    const colleague = await createUser(shared.deps.db, 'manager');
    const listedDirector = await createUser(shared.deps.db, 'director');
    const admin = await createUser(shared.deps.db, 'admin');
    const line = await lineWithKpi([listedDirector.id], [operator.id, colleague.id]);
    const overdue = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: operator.id });
    // A second alert that lists everyone marks the end of each stream's reading.
    const everyone = await lineWithKpi([operator.id, colleague.id, listedDirector.id, admin.id]);
    const marker = await insertDialog(shared.deps.db, { ...everyone, status: 'queued' });

    const streams = {
      operator: await listen(bus, sessionUser(operator, 'manager'), () => marker),
      colleague: await listen(bus, sessionUser(colleague, 'manager'), () => marker),
      listedDirector: await listen(bus, sessionUser(listedDirector, 'director'), () => marker),
      admin: await listen(bus, sessionUser(admin, 'admin'), () => marker),
    };
    await activities().raiseKpiAlert({ dialogId: overdue, kind: 'first_answer', operatorId: operator.id, limitMinutes: 5, waitingSince: new Date().toISOString() });
    await activities().raiseKpiAlert({ dialogId: marker, kind: 'first_answer', operatorId: null, limitMinutes: 5, waitingSince: new Date().toISOString() });

    expect(await streams.operator.until()).toEqual([overdue, marker]);
    expect(await streams.listedDirector.until()).toEqual([overdue, marker]);
    expect(await streams.colleague.until()).toEqual([marker]);
    expect(await streams.admin.until()).toEqual([marker]);
  });
});
