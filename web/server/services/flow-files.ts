import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { migrateFlow } from '../../../domain/flows/migrate';
import type { Actor } from './actor';
import type { FlowProblem } from './flow-checks';
import { parseFlowDocument } from './flow-checks';
import { requireFlow, storeDraft, type FlowDeps } from './flows';

/** A flow's draft as a JSON file an admin can keep, share and import again (SPEC §6). */
export async function exportFlow(deps: FlowDeps, flowId: number): Promise<{ fileName: string; json: string }> {
  const flow = await requireFlow(deps.db, flowId);
  return { fileName: `${fileSlug(flow.name) || `flow-${flow.id}`}.flow.json`, json: `${JSON.stringify(flow.draft, null, 2)}\n` };
}

function fileSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * Replaces the draft with an exported file: older document versions are migrated, the schema and
 * the flow's kind must match; graph problems are returned as for a saved draft.
 */
export async function importFlow(deps: FlowDeps, actor: Actor, input: { flowId: number; json: string }): Promise<{ problems: FlowProblem[] }> {
  const flow = await requireFlow(deps.db, input.flowId);
  const stored = parseJson(input.json);
  let migrated: unknown;
  try {
    migrated = migrateFlow(stored);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `json: ${error instanceof Error ? error.message : String(error)}`, 'json');
  }
  const document = parseFlowDocument(migrated, 'json');
  const { problems } = await storeDraft(deps, actor, flow, document, { field: 'json.kind' });
  return { problems };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('BAD_REQUEST', errorMessage('flows.importNotJson', { detail: describeJsonError(text, error) }), 'json');
  }
}

/** " (line 3, column 1: Expected double-quoted property name)" from V8's "… at position 10". */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/\s*in JSON at position \d+.*$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .trim();
  if (!position) return reason ? ` (${reason})` : '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column}${reason ? `: ${reason}` : ''})`;
}
