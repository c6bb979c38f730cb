import { sql, type Transaction } from 'kysely';
import { flowDocumentSchema, type FlowDocument, type FlowKind } from '../../domain/flows/document';
import { migrateFlow } from '../../domain/flows/migrate';
import { lineSettingsSchema } from '../../domain/line-settings';
import type { Database } from '../client';
import type { DB } from '../types';

/**
 * Flows and their published versions (SPEC §6). Every stored document is read through
 * migrateFlow() and the schema, so callers always get a current FlowDocument.
 */
export function readStoredFlow(stored: unknown, what: string): FlowDocument {
  const parsed = flowDocumentSchema.safeParse(migrateFlow(stored));
  if (!parsed.success) throw new Error(`${what}: the stored document does not match the flow schema: ${parsed.error.message}`);
  return parsed.data;
}

export interface FlowRow {
  id: number;
  name: string;
  kind: FlowKind;
  draft: FlowDocument;
  createdAt: Date;
  updatedAt: Date;
}

export interface FlowVersion {
  flowId: number;
  kind: FlowKind;
  version: number;
  document: FlowDocument;
  publishedAt: Date;
}

/** Every flow with its latest published version (null while never published). */
export async function listFlows(db: Database) {
  return db
    .selectFrom('flows as f')
    .leftJoin(
      (eb) => eb.selectFrom('flow_versions').select(['flow_id', sql<number>`max(version)`.as('version')]).groupBy('flow_id').as('latest'),
      (join) => join.onRef('latest.flow_id', '=', 'f.id'),
    )
    .leftJoin('flow_versions as v', (join) => join.onRef('v.flow_id', '=', 'f.id').onRef('v.version', '=', 'latest.version'))
    .select(['f.id', 'f.name', 'f.kind', 'f.updated_at', 'v.version as published_version', 'v.published_at'])
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

export async function findFlow(db: Database, flowId: number): Promise<FlowRow | undefined> {
  const row = await db.selectFrom('flows').selectAll().where('id', '=', flowId).executeTakeFirst();
  return row && toFlowRow(row);
}

/** The flow, locked until the transaction ends: publishing numbers versions one at a time. */
export async function lockFlow(trx: Transaction<DB>, flowId: number): Promise<FlowRow | undefined> {
  const row = await trx.selectFrom('flows').selectAll().where('id', '=', flowId).forUpdate().executeTakeFirst();
  return row && toFlowRow(row);
}

function toFlowRow(row: { id: number; name: string; kind: FlowKind; draft: unknown; created_at: Date; updated_at: Date }): FlowRow {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    draft: readStoredFlow(row.draft, `flow ${row.id} draft`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertFlow(db: Database, flow: { name: string; kind: FlowKind; draft: FlowDocument; userId: string }): Promise<number> {
  const row = await db
    .insertInto('flows')
    .values({ name: flow.name, kind: flow.kind, draft: JSON.stringify(flow.draft), updated_by: flow.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves the draft (and the name when given); undefined when the flow does not exist. */
export async function updateFlowDraft(
  db: Database,
  flowId: number,
  changes: { name?: string; draft: FlowDocument; userId: string },
): Promise<Date | undefined> {
  const row = await db
    .updateTable('flows')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      draft: JSON.stringify(changes.draft),
      updated_by: changes.userId,
      updated_at: new Date(),
    })
    .where('id', '=', flowId)
    .returning('updated_at')
    .executeTakeFirst();
  return row?.updated_at;
}

/**
 * Publishes `document` as the flow's next version. Call with the flow locked (lockFlow) in the
 * same transaction, so two publishes cannot take the same number.
 */
export async function insertFlowVersion(trx: Transaction<DB>, flowId: number, document: FlowDocument, userId: string): Promise<number> {
  const latest = await trx
    .selectFrom('flow_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('flow_id', '=', flowId)
    .executeTakeFirst();
  const version = (latest?.version ?? 0) + 1;
  await trx.insertInto('flow_versions').values({ flow_id: flowId, version, document: JSON.stringify(document), published_by: userId }).execute();
  return version;
}

/** Publishes `document` as the flow's next version in a transaction of its own (seeds, tests, benches). */
export async function publishFlowVersion(db: Database, flowId: number, document: FlowDocument, userId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockFlow(trx, flowId);
    return insertFlowVersion(trx, flowId, document, userId);
  });
}

/** A new flow whose draft is `document`, published as version 1. */
export async function insertPublishedFlow(db: Database, flow: { name: string; document: FlowDocument; userId: string }): Promise<number> {
  const flowId = await insertFlow(db, { name: flow.name, kind: flow.document.kind, draft: flow.document, userId: flow.userId });
  await publishFlowVersion(db, flowId, flow.document, flow.userId);
  return flowId;
}

/** Newest first, with the publisher's name (null once the user is gone). */
export async function listFlowVersions(db: Database, flowId: number) {
  return db
    .selectFrom('flow_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.published_at', 'u.name as published_by_name'])
    .where('v.flow_id', '=', flowId)
    .orderBy('v.version', 'desc')
    .execute();
}

/**
 * One published version: the latest when `version` is omitted. A dialog pins the version it
 * started with and reads that exact one again later. Undefined when there is no such version.
 */
export async function findFlowVersion(db: Database, flowId: number, version?: number): Promise<FlowVersion | undefined> {
  let query = db
    .selectFrom('flow_versions as v')
    .innerJoin('flows as f', 'f.id', 'v.flow_id')
    .select(['v.flow_id', 'v.version', 'v.document', 'v.published_at', 'f.kind'])
    .where('v.flow_id', '=', flowId);
  query = version === undefined ? query.orderBy('v.version', 'desc').limit(1) : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  return row && toFlowVersion(row);
}

function toFlowVersion(row: { flow_id: number; kind: FlowKind; version: number; document: unknown; published_at: Date }): FlowVersion {
  return {
    flowId: row.flow_id,
    kind: row.kind,
    version: row.version,
    document: readStoredFlow(row.document, `flow ${row.flow_id} version ${row.version}`),
    publishedAt: row.published_at,
  };
}

/** Flows of `kind` that have a published version, with their latest version number (pickers). */
export async function listPublishedFlows(db: Database, kind: FlowKind) {
  return db
    .selectFrom('flows as f')
    .innerJoin('flow_versions as v', 'v.flow_id', 'f.id')
    .select(['f.id', 'f.name', (eb) => eb.fn.max('v.version').as('version')])
    .where('f.kind', '=', kind)
    .groupBy(['f.id', 'f.name'])
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

/** Kind and latest published version of each listed flow that exists (null: never published). */
export async function findFlowStates(db: Database, flowIds: readonly number[]): Promise<Map<number, { kind: FlowKind; publishedVersion: number | null }>> {
  if (flowIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('flows as f')
    .leftJoin('flow_versions as v', 'v.flow_id', 'f.id')
    .select(['f.id', 'f.kind', (eb) => eb.fn.max('v.version').as('version')])
    .where('f.id', 'in', [...new Set(flowIds)])
    .groupBy(['f.id', 'f.kind'])
    .execute();
  return new Map(rows.map((r) => [r.id, { kind: r.kind, publishedVersion: r.version }]));
}

/** The latest published document of every flow (which flows another flow leads to). */
export async function listLatestFlowDocuments(db: Database): Promise<FlowVersion[]> {
  const rows = await db
    .selectFrom('flow_versions as v')
    .innerJoin('flows as f', 'f.id', 'v.flow_id')
    .select(['v.flow_id', 'v.version', 'v.document', 'v.published_at', 'f.kind'])
    .where(({ eb, selectFrom }) => eb('v.version', '=', selectFrom('flow_versions as w').select((w) => w.fn.max('w.version').as('max')).whereRef('w.flow_id', '=', 'v.flow_id')))
    .execute();
  return rows.map(toFlowVersion);
}

export async function deleteFlow(db: Database, flowId: number): Promise<boolean> {
  const result = await db.deleteFrom('flows').where('id', '=', flowId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Share-locks the listed flows until the transaction ends: they cannot be deleted meanwhile. */
export async function lockFlowsForShare(trx: Transaction<DB>, flowIds: readonly number[]): Promise<void> {
  if (flowIds.length === 0) return;
  await trx.selectFrom('flows').select('id').where('id', 'in', [...new Set(flowIds)]).forShare().execute();
}

/** Every line with its settings: which flows the lines use. */
export async function listLineSettings(db: Database) {
  const rows = await db.selectFrom('lines').select(['id', 'name', 'settings']).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, settings: lineSettingsSchema.parse(row.settings) }));
}
