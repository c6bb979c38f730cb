import { sql, type ExpressionBuilder } from 'kysely';
import type { Workday } from '../../domain/availability';
import type { Database } from '../client';
import type { DB } from '../types';

// The scheduled jobs' reads and writes (workflows/daily-return.ts, workflows/availability-clock.ts).

export interface OperatorLeftDialog {
  dialogId: number;
  operatorId: string;
  why: 'left_queue' | 'deactivated';
}

/**
 * SPEC §4 rule 5: open dialogs held by (in_work, waiting_client) or offered to a user who left
 * the line's queue or was deactivated. A dialog stays with an active user outside the queue who
 * holds it by right rather than by the queue: the client's responsible user (CRM routing), the
 * one it was transferred to, the supervisor who took it over, and anyone on a pinned dialog —
 * people never in the queue cannot have left it, and a hand-over was someone's deliberate choice.
 * A deactivated user keeps nothing. A dialog offered to several such users is listed once per user.
 */
export async function listDialogsOfOperatorsWhoLeft(db: Database): Promise<OperatorLeftDialog[]> {
  const [held, offered] = await Promise.all([
    db
      .selectFrom('dialogs as d')
      .innerJoin('users as u', 'u.id', 'd.operator_id')
      .select(['d.id as dialogId', 'u.id as operatorId', 'u.active'])
      .where('d.status', 'in', ['in_work', 'waiting_client'])
      .where(leftOrDeactivated)
      .execute(),
    db
      .selectFrom('dialogs as d')
      .innerJoin('dialog_offers as o', 'o.dialog_id', 'd.id')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select(['d.id as dialogId', 'u.id as operatorId', 'u.active'])
      .where('d.status', '=', 'offered')
      .where(leftOrDeactivated)
      .execute(),
  ]);
  return [...held, ...offered]
    .map((r) => ({ dialogId: r.dialogId, operatorId: r.operatorId, why: r.active ? ('left_queue' as const) : ('deactivated' as const) }))
    .sort((a, b) => a.dialogId - b.dialogId || a.operatorId.localeCompare(b.operatorId));
}

function leftOrDeactivated(eb: ExpressionBuilder<DB & { d: DB['dialogs']; u: DB['users'] }, 'd' | 'u'>) {
  const inLineQueue = eb
    .selectFrom('line_queue_members as m')
    .select(sql`1`.as('one'))
    .whereRef('m.line_id', '=', 'd.line_id')
    .whereRef('m.user_id', '=', 'u.id');
  // Event kinds and data as activities/routing.ts records an offer to the client's responsible
  // user, and workflows/dialog.ts a transfer to an operator and a take-over.
  const handedOver = eb
    .selectFrom('dialog_events as e')
    .select(sql`1`.as('one'))
    .whereRef('e.dialog_id', '=', 'd.id')
    .where((inner) =>
      inner.or([
        inner.and([inner('e.kind', '=', 'transferred'), inner(sql<string>`e.data->>'operatorId'`, '=', inner.ref('u.id'))]),
        inner.and([inner('e.kind', '=', 'taken_over'), inner('e.actor_user_id', '=', inner.ref('u.id'))]),
        inner.and([
          inner('e.kind', '=', 'offered'),
          inner(sql<string>`e.data->>'responsible'`, '=', 'true'),
          inner(sql<string>`e.data->>'operatorId'`, '=', inner.ref('u.id')),
        ]),
      ]),
    );
  return eb.or([
    eb('u.active', '=', false),
    eb.and([eb('d.pinned', '=', false), eb.not(eb.exists(inLineQueue)), eb.not(eb.exists(handedOver))]),
  ]);
}

/**
 * Absences that changed someone's availability in (since, until]: `started` — began in the window
 * and still last at `until` (just became unavailable); `ended` — ended in the window (may be
 * available again). Each user once per list.
 */
export async function listAbsenceChanges(db: Database, { since, until }: { since: Date; until: Date }): Promise<{ started: string[]; ended: string[] }> {
  const rows = await db
    .selectFrom('user_absences')
    .select(['user_id', 'ends_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('starts_at', '>', since), eb('starts_at', '<=', until), eb('ends_at', '>', until)]),
        eb.and([eb('ends_at', '>', since), eb('ends_at', '<=', until)]),
      ]),
    )
    .orderBy('user_id')
    .execute();
  const ended = rows.filter((r) => r.ends_at.getTime() <= until.getTime());
  const started = rows.filter((r) => r.ends_at.getTime() > until.getTime());
  return { started: [...new Set(started.map((r) => r.user_id))], ended: [...new Set(ended.map((r) => r.user_id))] };
}

export interface RunningWorkday {
  userId: string;
  workday: Workday;
  workdayChangedAt: Date;
}

/** Everyone whose working day is running (working or on a break), with the time of their last step. */
export async function listRunningWorkdays(db: Database): Promise<RunningWorkday[]> {
  const rows = await db
    .selectFrom('operator_states')
    .select(['user_id', 'workday', 'workday_changed_at'])
    .where('workday', 'in', ['working', 'on_break'])
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, workday: r.workday, workdayChangedAt: r.workday_changed_at }));
}

/**
 * Finishes the working day unless the operator took a step since it was read (then their step
 * stands). Returns whether it was finished.
 */
export async function finishWorkdayIfUnchanged(db: Database, read: RunningWorkday, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('operator_states')
    .set({ workday: 'finished', workday_changed_at: at })
    .where('user_id', '=', read.userId)
    .where('workday', '=', read.workday)
    .where('workday_changed_at', '=', read.workdayChangedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Users whose working day was finished at exactly `at` (the clock's own stamp: a retried run finds its work again). */
export async function listUserIdsWithWorkdayFinishedAt(db: Database, at: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('operator_states')
    .select('user_id')
    .where('workday', '=', 'finished')
    .where('workday_changed_at', '=', at)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** How far the job has covered the clock (undefined: it never ran). */
export async function findSchedulerMark(db: Database, job: string): Promise<Date | undefined> {
  const row = await db.selectFrom('scheduler_marks').select('last_run_at').where('job', '=', job).executeTakeFirst();
  return row?.last_run_at;
}

/** Moves the job's mark forward to `at` (never back: a late retry of an older run changes nothing). */
export async function advanceSchedulerMark(db: Database, job: string, at: Date): Promise<void> {
  await db
    .insertInto('scheduler_marks')
    .values({ job, last_run_at: at })
    .onConflict((oc) => oc.column('job').doUpdateSet({ last_run_at: sql`greatest(scheduler_marks.last_run_at, excluded.last_run_at)` }))
    .execute();
}
