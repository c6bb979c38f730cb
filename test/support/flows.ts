import { flowDocumentSchema, type FlowDocumentInput } from '../../domain/flows/document';
import type { Database } from '../../db/client';
import { insertFlow, publishFlowVersion as publishVersion } from '../../db/queries/flows';
import { createUser } from './fixtures';

/**
 * Stores a flow and publishes `versions` of it in order (as the editor's "Publish" does), by an
 * admin created for the purpose. Returns the flow's id.
 */
export async function publishFlow(db: Database, name: string, ...versions: FlowDocumentInput[]): Promise<number> {
  const [first] = versions;
  if (!first) throw new Error('publishFlow: give at least one version');
  const admin = await createUser(db, 'admin', undefined, { atWork: false });
  const flowId = await insertFlow(db, { name, kind: first.kind, draft: flowDocumentSchema.parse(first), userId: admin.id });
  for (const document of versions) await publishFlowVersion(db, flowId, document, admin.id);
  return flowId;
}

/** Publishes the next version of an existing flow; returns its number. */
export async function publishFlowVersion(db: Database, flowId: number, document: FlowDocumentInput, adminId?: string): Promise<number> {
  const publisher = adminId ?? (await createUser(db, 'admin', undefined, { atWork: false })).id;
  return publishVersion(db, flowId, flowDocumentSchema.parse(document), publisher);
}
