import type { Client } from '@temporalio/client';
import { dialogWorkflowId } from '../../domain/dialog';

const TIMEOUT_TYPES: Record<number, string> = { 1: 'start-to-close', 2: 'schedule-to-start', 3: 'schedule-to-close', 4: 'heartbeat' };

/**
 * Why dialogs waited after a worker died, read from their workflow histories: activities that took
 * more than one attempt and why the earlier one failed (one running on the dead worker is retried
 * only after its start-to-close timeout), and workflow tasks that timed out (a task on the dead
 * worker's sticky queue after 5 s schedule-to-start; a task a starved worker held past its
 * start-to-close of 10 s).
 */
export async function stallCauses(temporal: Client, dialogIds: readonly number[]): Promise<string> {
  const retried = new Map<string, number>();
  const workflowTaskTimeouts = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const dialogId of dialogIds) {
    const history = await temporal.workflow.getHandle(dialogWorkflowId(dialogId)).fetchHistory();
    const events = history.events ?? [];
    for (const event of events) {
      const taskTimedOut = event.workflowTaskTimedOutEventAttributes;
      if (taskTimedOut) count(workflowTaskTimeouts, TIMEOUT_TYPES[Number(taskTimedOut.timeoutType)] ?? 'unknown');
      const started = event.activityTaskStartedEventAttributes;
      if (!started || (started.attempt ?? 1) <= 1) continue;
      const scheduled = events.find((e) => Number(e.eventId) === Number(started.scheduledEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown';
      count(retried, `${name} (${started.lastFailure?.message ?? 'no failure recorded'})`);
    }
  }
  const list = (map: Map<string, number>) => [...map].map(([label, n]) => `${n}× ${label}`).join(', ') || 'none';
  return `activities retried: ${list(retried)}; workflow task timeouts: ${list(workflowTaskTimeouts)}`;
}
