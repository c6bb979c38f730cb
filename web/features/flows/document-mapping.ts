import type { Edge, Node } from '@xyflow/react';
import { type FlowDocument, type FlowEdge, type FlowNode, type FlowNodeKind } from '../../../domain/flows/document';
import { analyticsArrow, type CanvasOverlay, type EdgeOverlay, type NodeOverlay } from './analytics/overlay';
import { englishFlows, handleTitle, nodeTitle, type FlowsTranslator } from './node-kinds';

/**
 * The canvas is a view of the saved form: React Flow nodes and edges are built from a
 * `FlowDocument` (`toReactFlow`) and read back into one (`fromReactFlow`). Everything here is
 * pure, so the editor's state can be rebuilt from a document at any time (undo, redo, import).
 */

export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  /** Problems found in this node (validation), shown as a red outline and a tooltip. */
  problems: readonly string[];
  /** The simulator is at this node. */
  active: boolean;
  /** Flow analytics on a published version: how many dialogs reached and stopped here. */
  analytics?: NodeOverlay;
}

export type FlowCanvasNode = Node<FlowNodeData, FlowNodeKind>;
export type FlowCanvasEdge = Edge<Partial<EdgeOverlay>>;

export interface CanvasDecorations {
  problemsByNode: ReadonlyMap<string, readonly string[]>;
  activeNodeId: string | null;
  /** Flow analytics (analytics/overlay.ts): counts per node and edge, drawn by the analytics edge. */
  analytics?: CanvasOverlay;
}

const noProblems: readonly string[] = [];
export const noDecorations: CanvasDecorations = { problemsByNode: new Map(), activeNodeId: null };

export function toReactFlow(
  document: FlowDocument,
  decorations: CanvasDecorations = noDecorations,
  t: FlowsTranslator = englishFlows,
): { nodes: FlowCanvasNode[]; edges: FlowCanvasEdge[] } {
  const byId = new Map(document.nodes.map((node) => [node.id, node]));
  return {
    nodes: document.nodes.map((node) => toCanvasNode(node, decorations, t)),
    edges: document.edges.map((edge) => withEdgeOverlay(toCanvasEdge(edge, byId, t), decorations.analytics)),
  };
}

function toCanvasNode(node: FlowNode, decorations: CanvasDecorations, t: FlowsTranslator): FlowCanvasNode {
  return {
    id: node.id,
    type: node.kind,
    position: { x: node.position.x, y: node.position.y },
    data: {
      node,
      problems: decorations.problemsByNode.get(node.id) ?? noProblems,
      active: decorations.activeNodeId === node.id,
      ...(decorations.analytics ? { analytics: decorations.analytics.nodes.get(node.id) } : {}),
    },
    // Exactly one start node: it cannot be removed (validation would refuse the flow).
    deletable: node.kind !== 'start',
    ariaLabel: t('canvas.node', { title: nodeTitle(node, t) }),
  };
}

function toCanvasEdge(edge: FlowEdge, byId: ReadonlyMap<string, FlowNode>, t: FlowsTranslator): FlowCanvasEdge {
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  const branch = handleTitle(edge.sourceHandle, t);
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    ariaLabel: t('canvas.edge', { source: source ? nodeTitle(source, t) : edge.source, branch, target: target ? nodeTitle(target, t) : edge.target }),
  };
}

function withEdgeOverlay(edge: FlowCanvasEdge, analytics: CanvasOverlay | undefined): FlowCanvasEdge {
  const overlay = analytics?.edges.get(edge.id);
  return overlay ? { ...edge, type: 'analytics', data: overlay, markerEnd: analyticsArrow } : edge;
}

/**
 * The document the canvas shows: node settings from each node's data, positions from the canvas
 * (they change while dragging), everything else from `base`. Unchanged nodes keep their identity.
 */
export function fromReactFlow(nodes: readonly FlowCanvasNode[], edges: readonly FlowCanvasEdge[], base: FlowDocument): FlowDocument {
  return {
    ...base,
    nodes: nodes.map(({ data: { node }, position }) => (node.position.x === position.x && node.position.y === position.y ? node : { ...node, position: { x: position.x, y: position.y } })),
    edges: edges.map((edge) => ({ id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? 'next', target: edge.target })),
  };
}

/**
 * The next canvas nodes after the document changed: a node whose settings, problems, highlight and
 * position are unchanged keeps its previous object (React Flow then skips re-rendering it), and
 * every node keeps what only the canvas knows (its measured size, whether it is selected) unless
 * `select` says which nodes to select now.
 */
export function reconcileNodes(previous: readonly FlowCanvasNode[], next: readonly FlowCanvasNode[], select?: ReadonlySet<string>): FlowCanvasNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    const selected = select ? select.has(node.id) : (old?.selected ?? false);
    if (old && sameNode(old, node) && (old.selected ?? false) === selected) return old;
    return { ...node, selected, ...(old?.measured ? { measured: old.measured } : {}) };
  });
}

function sameNode(a: FlowCanvasNode, b: FlowCanvasNode): boolean {
  return (
    a.data.node === b.data.node &&
    a.data.active === b.data.active &&
    a.data.analytics === b.data.analytics &&
    sameList(a.data.problems, b.data.problems) &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.ariaLabel === b.ariaLabel
  );
}

/** Like `reconcileNodes` for edges: unchanged edges keep their object and their selection. */
export function reconcileEdges(previous: readonly FlowCanvasEdge[], next: readonly FlowCanvasEdge[], select?: ReadonlySet<string>): FlowCanvasEdge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  return next.map((edge) => {
    const old = before.get(edge.id);
    const selected = select ? select.has(edge.id) : (old?.selected ?? false);
    if (
      old &&
      old.source === edge.source &&
      old.target === edge.target &&
      old.sourceHandle === edge.sourceHandle &&
      old.ariaLabel === edge.ariaLabel &&
      old.type === edge.type &&
      old.data === edge.data &&
      (old.selected ?? false) === selected
    ) {
      return old;
    }
    return { ...edge, selected };
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}
