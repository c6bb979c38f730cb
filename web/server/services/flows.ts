import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { FLOW_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument, type FlowKind } from '../../../domain/flows/document';
import type { Database } from '../../../db/client';
import {
  deleteFlow as deleteFlowRow,
  findFlow,
  findFlowVersion,
  insertFlow,
  insertFlowVersion,
  listFlows,
  listFlowVersions,
  listLatestFlowDocuments,
  listPublishedFlows,
  lockFlow,
  updateFlowDraft,
  type FlowRow,
} from '../../../db/queries/flows';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';
import { describeProblem, parseFlowDocument, problemsOf, refusal, structuralProblems, type FlowProblem } from './flow-checks';
import { linesUsingFlows } from './line-flows';

/**
 * Flows for admins (SPEC §6): a draft edited freely, published as numbered immutable versions.
 * The router checks roles; every function here assumes an admin (or, for reads of published
 * versions, a supervisor).
 */
export interface FlowDeps extends AuditDeps {
  db: Database;
}

/** A new flow's draft: only the start node. */
export function emptyFlowDocument(kind: FlowKind): FlowDocument {
  return { schemaVersion: FLOW_SCHEMA_VERSION, kind, nodes: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }], edges: [], variables: [] };
}

export async function listFlowsForAdmin(deps: FlowDeps) {
  const [flows, usage] = await Promise.all([listFlows(deps.db), linesUsingFlows(deps.db)]);
  return flows.map((flow) => ({
    id: flow.id,
    name: flow.name,
    kind: flow.kind,
    updatedAt: flow.updated_at,
    publishedVersion: flow.published_version,
    publishedAt: flow.published_at,
    usedByLines: (usage.get(flow.id) ?? []).map(({ id, name }) => ({ id, name })),
  }));
}

export async function createFlow(deps: FlowDeps, actor: Actor, input: { name: string; kind: FlowKind }): Promise<{ id: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertFlow(trx, { name: input.name, kind: input.kind, draft: emptyFlowDocument(input.kind), userId: actor.id });
    await audit(trx, deps, actor, { action: 'flow.created', subject: { type: 'flow', id }, after: { name: input.name, kind: input.kind } });
    return { id };
  });
}

export async function requireFlow(db: Database, flowId: number): Promise<FlowRow> {
  const flow = await findFlow(db, flowId);
  if (!flow) throw new AppError('NOT_FOUND', errorMessage('flows.notFound', { flowId: String(flowId) }), 'flowId');
  return flow;
}

export async function getFlowDraft(deps: FlowDeps, flowId: number) {
  const flow = await requireFlow(deps.db, flowId);
  const [problems, published] = await Promise.all([problemsOf(deps.db, flow.id, flow.draft), findFlowVersion(deps.db, flow.id)]);
  return { id: flow.id, name: flow.name, kind: flow.kind, draft: flow.draft, problems, publishedVersion: published?.version ?? null };
}

/**
 * Saves the draft. The document must match the schema (BAD_REQUEST naming the path otherwise);
 * graph problems are returned, not refused: a draft may be unfinished.
 */
export async function saveFlowDraft(
  deps: FlowDeps,
  actor: Actor,
  input: { flowId: number; name?: string; document: unknown },
): Promise<{ problems: FlowProblem[]; savedAt: Date }> {
  const flow = await requireFlow(deps.db, input.flowId);
  const document = parseFlowDocument(input.document, 'document');
  return storeDraft(deps, actor, flow, document, { name: input.name, field: 'document.kind' });
}

/** Stores a parsed document as the flow's draft, after checking it is of the flow's kind. */
export async function storeDraft(
  deps: FlowDeps,
  actor: Actor,
  flow: FlowRow,
  document: FlowDocument,
  options: { name?: string; field: string },
): Promise<{ problems: FlowProblem[]; savedAt: Date }> {
  if (document.kind !== flow.kind) {
    throw new AppError('BAD_REQUEST', errorMessage('flows.wrongKind', { field: options.field, documentKind: document.kind, flowId: String(flow.id), flowKind: flow.kind }), options.field);
  }
  const savedAt = await updateFlowDraft(deps.db, flow.id, { name: options.name, draft: document, userId: actor.id });
  if (!savedAt) throw new AppError('NOT_FOUND', errorMessage('flows.goneMeanwhile', { flowId: String(flow.id) }), 'flowId');
  return { problems: await problemsOf(deps.db, flow.id, document), savedAt };
}

/** Problems of a document without saving it: structural ones (on their node) or else graph ones. */
export async function validateFlowDocument(deps: FlowDeps, input: { document: unknown; flowId?: number }): Promise<{ problems: FlowProblem[] }> {
  const parsed = flowDocumentSchema.safeParse(input.document);
  if (!parsed.success) return { problems: structuralProblems(input.document) };
  return { problems: await problemsOf(deps.db, input.flowId ?? 0, parsed.data) };
}

/** Publishes the draft as the next version; refused (with every problem) while it has problems. */
export async function publishFlow(deps: FlowDeps, actor: Actor, flowId: number): Promise<{ version: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const flow = await lockFlow(trx, flowId);
    if (!flow) throw new AppError('NOT_FOUND', errorMessage('flows.notFound', { flowId: String(flowId) }), 'flowId');
    await refuseWithProblems(trx, flow.id, flow.draft, 'Cannot publish: ');
    const published = await findFlowVersion(trx, flow.id);
    const version = await insertFlowVersion(trx, flow.id, flow.draft, actor.id);
    await audit(trx, deps, actor, { action: 'flow.published', subject: { type: 'flow', id: flow.id }, before: { name: flow.name, version: published?.version ?? null }, after: { name: flow.name, version, document: flow.draft } });
    return { version };
  });
}

async function refuseWithProblems(db: Database, flowId: number, document: FlowDocument, lead: string): Promise<void> {
  const problems = await problemsOf(db, flowId, document);
  if (problems.length > 0) throw refusal(problems.map(describeProblem), problems, undefined, lead);
}

export async function listVersions(deps: FlowDeps, flowId: number) {
  await requireFlow(deps.db, flowId);
  const versions = await listFlowVersions(deps.db, flowId);
  return versions.map((v) => ({ version: v.version, publishedAt: v.published_at, publishedByName: v.published_by_name }));
}

export async function getVersion(deps: FlowDeps, input: { flowId: number; version: number }): Promise<FlowDocument> {
  const found = await findFlowVersion(deps.db, input.flowId, input.version);
  if (!found) throw new AppError('NOT_FOUND', errorMessage('flows.noVersion', { flowId: String(input.flowId), version: String(input.version) }), 'version');
  return found.document;
}

/**
 * Publishes an old version's document again as a new version and makes it the draft: history is
 * never rewritten, and dialogs pinned to later versions keep them.
 */
export async function rollbackFlow(deps: FlowDeps, actor: Actor, input: { flowId: number; version: number }): Promise<{ version: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const flow = await lockFlow(trx, input.flowId);
    if (!flow) throw new AppError('NOT_FOUND', errorMessage('flows.notFound', { flowId: String(input.flowId) }), 'flowId');
    const old = await findFlowVersion(trx, flow.id, input.version);
    if (!old) throw new AppError('NOT_FOUND', errorMessage('flows.noVersion', { flowId: String(flow.id), version: String(input.version) }), 'version');
    await refuseWithProblems(trx, flow.id, old.document, `Cannot roll back to version ${old.version}: `);
    const published = await findFlowVersion(trx, flow.id);
    const version = await insertFlowVersion(trx, flow.id, old.document, actor.id);
    await updateFlowDraft(trx, flow.id, { draft: old.document, userId: actor.id });
    await audit(trx, deps, actor, { action: 'flow.rolled_back', subject: { type: 'flow', id: flow.id }, before: { version: published?.version ?? null }, after: { version, copyOf: old.version } });
    return { version };
  });
}

/** Deletes a flow no line and no other published flow leads to. */
export async function deleteFlow(deps: FlowDeps, actor: Actor, flowId: number): Promise<{ deleted: true }> {
  return deps.db.transaction().execute(async (trx) => {
    // Locked first: a line saved meanwhile share-locks the flows it names (checkLineFlows).
    const flow = await lockFlow(trx, flowId);
    if (!flow) throw new AppError('NOT_FOUND', errorMessage('flows.notFound', { flowId: String(flowId) }), 'flowId');
    const lines = (await linesUsingFlows(trx)).get(flow.id) ?? [];
    if (lines.length > 0) {
      const names = lines.map((l) => `"${l.name}" (${l.field})`).join(', ');
      throw new AppError('CONFLICT', errorMessage('flows.usedByLines', { name: flow.name, lines: names }), 'flowId');
    }
    const leadingHere = (await listLatestFlowDocuments(trx)).filter(
      (v) => v.flowId !== flow.id && v.document.nodes.some((n) => (n.kind === 'jump_to_flow' || n.kind === 'run_bot') && n.flowId === flow.id),
    );
    if (leadingHere.length > 0) {
      throw new AppError('CONFLICT', errorMessage('flows.runByFlows', { name: flow.name, flows: leadingHere.map((v) => `#${v.flowId}`).join(', ') }), 'flowId');
    }
    await deleteFlowRow(trx, flow.id);
    await audit(trx, deps, actor, { action: 'flow.deleted', subject: { type: 'flow', id: flow.id }, before: { name: flow.name, kind: flow.kind, draft: flow.draft } });
    return { deleted: true as const };
  });
}

export async function listPublished(deps: FlowDeps, kind: FlowKind) {
  const flows = await listPublishedFlows(deps.db, kind);
  return flows.map((f) => ({ id: f.id, name: f.name, version: f.version }));
}
