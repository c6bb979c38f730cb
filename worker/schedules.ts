import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { availabilityClockWorkflow } from '../workflows/availability-clock';
import { dailyReturnWorkflow } from '../workflows/daily-return';
import { retentionSweepWorkflow } from '../workflows/retention-sweep';

export interface ScheduleSettings {
  taskQueue: string;
  /** Daily return time of day, "HH:MM" (24 h) in `timeZone`. Default 03:00. */
  dailyReturnAt?: string;
  /** IANA time zone of `dailyReturnAt` and of the retention sweep (04:30). Default UTC. */
  timeZone?: string;
  /** Prefix of the schedule ids; tests use their own so they never touch the product's schedules. */
  idPrefix?: string;
}

export function scheduleIds(idPrefix = 'openlines') {
  return { dailyReturn: `${idPrefix}-daily-return`, availabilityClock: `${idPrefix}-availability-clock`, retentionSweep: `${idPrefix}-retention-sweep` };
}

/**
 * Creates the scheduled jobs, or brings existing ones in line with this code and configuration
 * (spec, action, policies), keeping whether an operator paused them: safe on every worker start.
 * Each skips a run while the previous one is still going; the availability clock's window starts
 * where the last finished run ended, so skipped minutes are made up, not lost.
 */
export async function ensureSchedules(client: Client, settings: ScheduleSettings): Promise<{ created: string[]; updated: string[] }> {
  const ids = scheduleIds(settings.idPrefix);
  const [hour, minute] = (settings.dailyReturnAt ?? '03:00').split(':').map(Number);
  const wanted: ScheduleOptions[] = [
    {
      scheduleId: ids.dailyReturn,
      spec: { calendars: [{ hour, minute, comment: 'daily return (SPEC §4 rule 5)' }], timezone: settings.timeZone ?? 'UTC' },
      action: { type: 'startWorkflow', workflowType: dailyReturnWorkflow, args: [], taskQueue: settings.taskQueue, workflowId: ids.dailyReturn, workflowExecutionTimeout: '1 hour' },
      // A server down at the hour still runs the day's return when it is back the same day.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12 hours' },
    },
    {
      scheduleId: ids.availabilityClock,
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: availabilityClockWorkflow,
        args: [{}],
        taskQueue: settings.taskQueue,
        workflowId: ids.availabilityClock,
        // A run stuck behind an outage gives way to a fresh one; the window covers the gap.
        workflowExecutionTimeout: '10 minutes',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    },
    {
      scheduleId: ids.retentionSweep,
      spec: { calendars: [{ hour: 4, minute: 30, comment: 'retention: closed dialogs older than each line\'s days (SPEC §9)' }], timezone: settings.timeZone ?? 'UTC' },
      // No run timeout: a sweep held up by an outage goes on when it ends (its day's successors are
      // skipped meanwhile), and is never cut off between deleting dialogs and auditing them.
      action: { type: 'startWorkflow', workflowType: retentionSweepWorkflow, args: [{}], taskQueue: settings.taskQueue, workflowId: ids.retentionSweep },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12 hours' },
    },
  ];
  const created: string[] = [];
  const updated: string[] = [];
  for (const options of wanted) {
    try {
      await client.schedule.create(options);
      created.push(options.scheduleId);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        spec: options.spec,
        action: options.action,
        policies: options.policies,
        state: { paused: previous.state.paused, note: previous.state.note },
      }));
      updated.push(options.scheduleId);
    }
  }
  return { created, updated };
}
