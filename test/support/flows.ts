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

/** Asks what the client needs; an answer with "price" goes to sales, anything else to support (flow analytics tests). */
export const triageBot: FlowDocumentInput = {
  schemaVersion: 2,
  kind: 'bot',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'need', kind: 'ask', label: 'What do you need', position: { x: 300, y: 0 }, text: 'What do you need?', answer: 'text', variable: 'need' },
    { id: 'isPrice', kind: 'condition', label: 'Asks for prices', position: { x: 600, y: 0 }, rules: [{ subject: { source: 'variable', key: 'need' }, operator: 'contains', value: 'price' }] },
    { id: 'sales', kind: 'handoff', label: 'To sales', position: { x: 900, y: -150 } },
    { id: 'support', kind: 'handoff', label: 'To support', position: { x: 900, y: 150 } },
  ],
  edges: [
    { id: 'toNeed', source: 'start', sourceHandle: 'next', target: 'need' },
    { id: 'toCheck', source: 'need', sourceHandle: 'next', target: 'isPrice' },
    { id: 'toSales', source: 'isPrice', sourceHandle: 'true', target: 'sales' },
    { id: 'toSupport', source: 'isPrice', sourceHandle: 'false', target: 'support' },
  ],
  variables: [],
};
