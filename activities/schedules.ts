import { isWorkdayUnattended } from '../domain/availability';
import { listOpenDialogIdsOfOperator } from '../db/queries/availability';
import { lineIdsOfMember } from '../db/queries/lines';
import { dispatchLines } from '../engine/dispatch-line';
import {
  advanceSchedulerMark,
  findSchedulerMark,
  finishWorkdayIfUnchanged,
  listAbsenceChanges,
  listDialogsOfOperatorsWhoLeft,
  listRunningWorkdays,
  listUserIdsWithWorkdayFinishedAt,
  type OperatorLeftDialog,
} from '../db/queries/schedules';
import { dispatchDepsOf, type ActivityDeps } from './deps';

/** The availability clock's key in scheduler_marks. */
const AVAILABILITY_CLOCK_JOB = 'availability-clock';
/** With no mark yet (first run ever), the clock looks this far back. */
const FIRST_RUN_LOOKBACK_MS = 60 * 60_000;

/** An operator who just became unavailable, and the open dialogs offered to or held by them. */
export interface UnavailableOperator {
  operatorId: string;
  dialogIds: number[];
}

export interface AbsenceChanges {
  /** The window covered, as ISO strings: (since, until]. */
  since: string;
  until: string;
  /** Absence began in the window: SPEC §4 rule 4 applies to their dialogs. */
  absent: UnavailableOperator[];
  /**
   * Waiting dialogs offered by the dispatchers of the lines of operators whose absence ended
   * (rule 3). The dispatcher has told them; the clock's signal on top changes nothing.
   */
  queuedDialogIds: number[];
}

/** The scheduled jobs' reads and writes (workflows/daily-return.ts, workflows/availability-clock.ts). */
export function createScheduleActivities(deps: ActivityDeps) {
  const { db } = deps;
  async function withOpenDialogs(operatorIds: readonly string[]): Promise<UnavailableOperator[]> {
    return Promise.all(operatorIds.map(async (operatorId) => ({ operatorId, dialogIds: await listOpenDialogIdsOfOperator(db, operatorId) })));
  }

  return {
    /** SPEC §4 rule 5: the dialogs the daily return hands back to their queues. */
    async findDialogsOfOperatorsWhoLeft(): Promise<OperatorLeftDialog[]> {
      return listDialogsOfOperatorsWhoLeft(db);
    },

    /**
     * Absences that started or ended in (since, until]. Without `since` the window starts where
     * the last recorded run ended (recordAvailabilityClockRun), so runs skipped while the worker
     * was down are covered by the next one.
     */
    async findAbsenceChanges(input: { since?: string; until: string }): Promise<AbsenceChanges> {
      const until = new Date(input.until);
      const since = input.since ? new Date(input.since) : ((await findSchedulerMark(db, AVAILABILITY_CLOCK_JOB)) ?? new Date(until.getTime() - FIRST_RUN_LOOKBACK_MS));
      const { started, ended } = await listAbsenceChanges(db, { since, until });
      const lineIds = new Set((await Promise.all(ended.map((userId) => lineIdsOfMember(db, userId)))).flat());
      const offered = await dispatchLines(dispatchDepsOf(deps), [...lineIds]);
      return { since: since.toISOString(), until: until.toISOString(), absent: await withOpenDialogs(started), queuedDialogIds: [...new Set(offered)] };
    },

    /**
     * Ends working days left running too long (domain/availability.ts isWorkdayUnattended), stamped
     * `at`: a retry of the same run finds the same operators again. An operator who took a step
     * meanwhile keeps their day.
     */
    async finishUnattendedWorkdays(input: { at: string }): Promise<UnavailableOperator[]> {
      const at = new Date(input.at);
      for (const workday of await listRunningWorkdays(db)) {
        if (isWorkdayUnattended(workday, at)) await finishWorkdayIfUnchanged(db, workday, at);
      }
      return withOpenDialogs(await listUserIdsWithWorkdayFinishedAt(db, at));
    },

    /** The availability clock covered the time up to `until`: the next run starts there. */
    async recordAvailabilityClockRun({ until }: { until: string }): Promise<void> {
      await advanceSchedulerMark(db, AVAILABILITY_CLOCK_JOB, new Date(until));
    },
  };
}
