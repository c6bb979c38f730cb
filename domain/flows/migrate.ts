import { z } from 'zod';
import { FLOW_SCHEMA_VERSION } from './document';

/**
 * Brings a stored flow document (a database row, an exported file) up to FLOW_SCHEMA_VERSION, one
 * version at a time. It only reshapes: the caller validates the result (flowDocumentSchema,
 * validateFlow). Published versions are never rewritten in storage, so every old shape stays readable.
 *
 * Version 1, the first storage format:
 *   { version: 1, kind, nodes: [{ id, type, x, y, config: {…node fields} }], edges: [{ id, from, to, branch }] }
 * Version 2 (document.ts): `schemaVersion`, nodes `{ id, kind, position: { x, y }, …fields }`,
 * edges `{ id, source, sourceHandle, target }`, and declared `variables`.
 */
export function migrateFlow(stored: unknown): unknown {
  let document = stored;
  let version = storedVersion(stored);
  if (version > FLOW_SCHEMA_VERSION) {
    throw new Error(`the flow document has version ${version}, newer than this Openlines understands (${FLOW_SCHEMA_VERSION}): upgrade Openlines to read it`);
  }
  while (version < FLOW_SCHEMA_VERSION) {
    const upgrade = upgrades[version];
    if (!upgrade) throw new Error(`the flow document has version ${version}, which Openlines cannot read: export it again from a current Openlines`);
    document = upgrade(document);
    version++;
  }
  return document;
}

/** The version a stored document declares (`schemaVersion` since 2, `version` before). */
function storedVersion(stored: unknown): number {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const version = record.schemaVersion ?? record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error('the flow document has no version: it must have "schemaVersion" (or "version" in the oldest format)');
  }
  return version;
}

const v1Document = z.object({
  version: z.literal(1),
  kind: z.string(),
  nodes: z.array(z.object({ id: z.string(), type: z.string(), x: z.number(), y: z.number(), config: z.record(z.string(), z.unknown()).default({}) })),
  edges: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), branch: z.string() })),
});

/** upgrades[n] turns a version-n document into version n + 1. */
const upgrades: Record<number, (document: unknown) => unknown> = {
  1: (stored) => {
    const parsed = v1Document.safeParse(stored);
    if (!parsed.success) throw new Error(`the version 1 flow document is malformed: ${z.prettifyError(parsed.error)}`);
    const { kind, nodes, edges } = parsed.data;
    return {
      schemaVersion: 2,
      kind,
      nodes: nodes.map(({ id, type, x, y, config }) => ({ ...config, id, kind: type, position: { x, y } })),
      edges: edges.map(({ id, from, to, branch }) => ({ id, source: from, sourceHandle: branch, target: to })),
      variables: [],
    };
  },
};
