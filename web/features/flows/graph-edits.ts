import type { FlowDocument, FlowEdge, FlowNode } from '../../../domain/flows/document';

/**
 * The edits an admin makes on the canvas, as pure functions from one document to the next. Nodes
 * and edges that an edit does not touch keep their identity, so the canvas re-renders only what
 * changed.
 */

/** A short random id; `crypto.getRandomValues` works on plain-http deployments too (randomUUID does not). */
export function newElementId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

export function addNodes(document: FlowDocument, nodes: readonly FlowNode[]): FlowDocument {
  return { ...document, nodes: [...document.nodes, ...nodes] };
}

export function replaceNode(document: FlowDocument, node: FlowNode): FlowDocument {
  return { ...document, nodes: document.nodes.map((existing) => (existing.id === node.id ? node : existing)) };
}

/** Removes nodes (never the start node) with every edge touching them, and the given edges. */
export function removeElements(document: FlowDocument, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): FlowDocument {
  const removable = new Set([...nodeIds].filter((id) => document.nodes.find((node) => node.id === id)?.kind !== 'start'));
  const edges = new Set(edgeIds);
  return {
    ...document,
    nodes: document.nodes.filter((node) => !removable.has(node.id)),
    edges: document.edges.filter((edge) => !edges.has(edge.id) && !removable.has(edge.source) && !removable.has(edge.target)),
  };
}

/** Connects an output to a node. An output leads to one place: an edge it already had is replaced. */
export function connect(document: FlowDocument, link: Omit<FlowEdge, 'id'>, id: string): FlowDocument {
  const kept = document.edges.filter((edge) => !(edge.source === link.source && edge.sourceHandle === link.sourceHandle));
  return { ...document, edges: [...kept, { id, ...link }] };
}

/** New positions for some nodes (after a drag or an automatic layout). */
export function moveNodes(document: FlowDocument, positions: ReadonlyMap<string, { x: number; y: number }>): FlowDocument {
  let changed = false;
  const nodes = document.nodes.map((node) => {
    const position = positions.get(node.id);
    if (!position || (position.x === node.position.x && position.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: position.x, y: position.y } };
  });
  return changed ? { ...document, nodes } : document;
}

/** What Ctrl+C takes: the selected nodes (the start node stays) and the edges between them. */
export interface FlowFragment {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copyFragment(document: FlowDocument, nodeIds: Iterable<string>): FlowFragment {
  const ids = new Set(nodeIds);
  const nodes = document.nodes.filter((node) => ids.has(node.id) && node.kind !== 'start');
  const kept = new Set(nodes.map((node) => node.id));
  return { nodes: structuredClone(nodes), edges: structuredClone(document.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target))) };
}

/** Pastes a fragment with new ids, moved by `offset`; returns the new document and the pasted node ids. */
export function pasteFragment(
  document: FlowDocument,
  fragment: FlowFragment,
  offset: { x: number; y: number },
  makeId: (prefix: string) => string = newElementId,
): { document: FlowDocument; nodeIds: string[] } {
  const ids = new Map(fragment.nodes.map((node) => [node.id, makeId(node.kind)]));
  const nodes = fragment.nodes.map((node) => ({ ...structuredClone(node), id: ids.get(node.id)!, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } }));
  const edges = fragment.edges.map((edge) => ({ ...edge, id: makeId('edge'), source: ids.get(edge.source)!, target: ids.get(edge.target)! }));
  return { document: { ...document, nodes: [...document.nodes, ...nodes], edges: [...document.edges, ...edges] }, nodeIds: nodes.map((node) => node.id) };
}
