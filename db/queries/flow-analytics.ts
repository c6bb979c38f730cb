import { sql } from 'kysely';
import type { FlowPathStep, FlowVisitCount } from '../../domain/flows/analytics';
import type { Database } from '../client';

/** Stores a run's path once: a retried activity writes nothing new. */
export async function insertFlowPath(db: Database, dialogId: number, runStartedAt: Date, steps: readonly FlowPathStep[]): Promise<void> {
  if (steps.length === 0) return;
  await db
    .insertInto('flow_path_steps')
    .values(steps.map((step, position) => ({ dialog_id: dialogId, run_started_at: runStartedAt, position, flow_id: step.flowId, version: step.version, node_id: step.nodeId, handle: step.handle })))
    .onConflict((oc) => oc.columns(['dialog_id', 'run_started_at', 'position']).doNothing())
    .execute();
}

/**
 * Distinct dialogs of runs recorded in [start, end) per node (handle undefined), per node and
 * output, and per node where runs stopped (handle null), for one version.
 */
export async function countFlowVisits(db: Database, flowId: number, version: number, range: { start: Date; end: Date }): Promise<FlowVisitCount[]> {
  const { rows } = await sql<{ node_id: string; handle: string | null; per_handle: boolean; dialogs: number }>`
    select node_id, handle, grouping(handle) = 0 as per_handle, count(distinct dialog_id) as dialogs
    from flow_path_steps
    where flow_id = ${flowId} and version = ${version} and recorded_at >= ${range.start} and recorded_at < ${range.end}
    group by grouping sets ((node_id), (node_id, handle))`.execute(db);
  return rows.map((row) => ({ nodeId: row.node_id, handle: row.per_handle ? row.handle : undefined, dialogs: Number(row.dialogs) }));
}
