import type { Database } from '../../../db/client';
import { countFlowVisits } from '../../../db/queries/flow-analytics';
import { findFlowVersion } from '../../../db/queries/flows';
import { listLineZones } from '../../../db/queries/statistics';
import { AppError } from '../../../domain/errors';
import { flowAnalytics } from '../../../domain/flows/analytics';
import { periodInstants, presenceTimeZone } from '../../../domain/statistics';

/**
 * How dialogs went through a published version in a period (days in the lines' time zone, UTC when
 * they differ): per node reached, left by each output, stopped; per edge. Runs count when they end.
 */
export async function getFlowAnalytics(deps: { db: Database }, input: { flowId: number; version: number; from: string; to: string }) {
  const found = await findFlowVersion(deps.db, input.flowId, input.version);
  if (!found) throw new AppError('NOT_FOUND', `version: flow ${input.flowId} has no published version ${input.version}`, 'version');
  const timeZone = presenceTimeZone(await listLineZones(deps.db));
  const counts = await countFlowVisits(deps.db, input.flowId, input.version, periodInstants(input.from, input.to, timeZone));
  return { timeZone, ...flowAnalytics(found.document, counts) };
}
