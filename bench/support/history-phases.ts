import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { dialogWorkflowId } from '../../domain/dialog';
import { summarize } from './percentiles';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Where a dialog's time went before its offer, read from the workflow histories the server kept:
 * for workflow tasks and for each activity type, how long a task waited for the worker (scheduled
 * → started: a free slot, a poll) and how long the worker took (started → completed). Queueing
 * means the worker (or the server handing out tasks) is the bottleneck; long runs mean the work
 * itself (queries, CPU) is.
 */
export async function historyPhases(temporal: Client, dialogIds: readonly number[]): Promise<string[]> {
  const phases = new Map<string, number[]>();
  const add = (label: string, ms: number) => {
    const list = phases.get(label) ?? [];
    list.push(ms);
    phases.set(label, list);
  };
  for (const dialogId of dialogIds) {
    const history = await temporal.workflow.getHandle(dialogWorkflowId(dialogId)).fetchHistory();
    const events = history.events ?? [];
    const byId = new Map(events.map((e) => [Number(e.eventId), e]));
    const at = (e: HistoryEvent | undefined) => (e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN);
    const activityName = (scheduledId: unknown) => byId.get(Number(scheduledId))?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown';
    const start = at(events[0]);
    let offered = false;
    for (const event of events) {
      const wftStarted = event.workflowTaskStartedEventAttributes;
      if (wftStarted) add('workflow task: waiting for the worker', at(event) - at(byId.get(Number(wftStarted.scheduledEventId))));
      const wftCompleted = event.workflowTaskCompletedEventAttributes;
      if (wftCompleted) add('workflow task: run', at(event) - at(byId.get(Number(wftCompleted.startedEventId))));
      const actStarted = event.activityTaskStartedEventAttributes;
      if (actStarted) add(`${activityName(actStarted.scheduledEventId)}: waiting for the worker`, at(event) - at(byId.get(Number(actStarted.scheduledEventId))));
      const actCompleted = event.activityTaskCompletedEventAttributes;
      if (actCompleted) {
        const name = activityName(actCompleted.scheduledEventId);
        add(`${name}: run`, at(event) - at(byId.get(Number(actCompleted.startedEventId))));
        if (name === 'offerDialog' && !offered) {
          offered = true;
          add('workflow start -> first offerDialog done', at(event) - start);
        }
      }
    }
  }
  return [...phases].sort(([a], [b]) => a.localeCompare(b)).map(([label, samples]) => summarize(label, samples));
}
