import type { Transaction } from 'kysely';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import type { FlowKind } from '../../../domain/flows/document';
import type { LineSettings } from '../../../domain/line-settings';
import type { Database } from '../../../db/client';
import { findFlowStates, listLineSettings, lockFlowsForShare } from '../../../db/queries/flows';
import type { DB } from '../../../db/types';

/** The line settings that name a flow (SPEC §3, §6), and which kind of flow each must be. */
const lineFlowFields: { field: string; kind: FlowKind; flowIdOf: (settings: LineSettings) => number | null }[] = [
  { field: 'flows.routingFlowId', kind: 'routing', flowIdOf: (s) => s.flows.routingFlowId },
  { field: 'flows.welcomeBot.flowId', kind: 'bot', flowIdOf: (s) => s.flows.welcomeBot.flowId },
  { field: 'workingHours.outOfHours.botFlowId', kind: 'bot', flowIdOf: (s) => s.workingHours.outOfHours.botFlowId },
];

export interface LineFlowReference {
  /** Path inside the settings, e.g. "flows.welcomeBot.flowId". */
  field: string;
  kind: FlowKind;
  flowId: number;
}

export function flowReferencesOf(settings: LineSettings): LineFlowReference[] {
  return lineFlowFields.flatMap(({ field, kind, flowIdOf }) => {
    const flowId = flowIdOf(settings);
    return flowId === null ? [] : [{ field, kind, flowId }];
  });
}

/**
 * Refuses settings that name a flow which does not exist, was never published or is of the wrong
 * kind. The flows stay share-locked until the transaction ends, so one cannot be deleted meanwhile.
 */
export async function checkLineFlows(trx: Transaction<DB>, settings: LineSettings): Promise<void> {
  const references = flowReferencesOf(settings);
  const flowIds = references.map((r) => r.flowId);
  await lockFlowsForShare(trx, flowIds);
  const states = await findFlowStates(trx, flowIds);
  for (const { field, kind, flowId } of references) {
    const state = states.get(flowId);
    const path = `settings.${field}`;
    if (!state) throw new AppError('BAD_REQUEST', errorMessage('lines.flowMissing', { path, flowId: String(flowId) }), path);
    if (state.kind !== kind) throw new AppError('BAD_REQUEST', errorMessage('lines.flowWrongKind', { path, flowId: String(flowId), actual: state.kind, kind }), path);
    if (state.publishedVersion === null) throw new AppError('BAD_REQUEST', errorMessage('lines.flowUnpublished', { path, flowId: String(flowId) }), path);
  }
}

/** For each flow a line names: the lines that use it (a used flow cannot be deleted). */
export async function linesUsingFlows(db: Database): Promise<Map<number, { id: number; name: string; field: string }[]>> {
  const usage = new Map<number, { id: number; name: string; field: string }[]>();
  for (const line of await listLineSettings(db)) {
    for (const { field, flowId } of flowReferencesOf(line.settings)) {
      const users = usage.get(flowId) ?? [];
      if (!users.some((u) => u.id === line.id)) users.push({ id: line.id, name: line.name, field });
      usage.set(flowId, users);
    }
  }
  return usage;
}
