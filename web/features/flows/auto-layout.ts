import dagre from '@dagrejs/dagre';
import { outputHandles, type FlowDocument } from '../../../domain/flows/document';

/** The card's size when the canvas has not measured it yet (see FlowNodeCard). */
export const NODE_WIDTH = 240;
export function estimatedNodeHeight(outputCount: number): number {
  return 62 + (outputCount > 1 ? outputCount * 22 : 0);
}

/**
 * Left-to-right layered layout (dagre): the start node on the left, each branch a column further.
 * Returns the new top-left position of every node; `sizes` are measured sizes where known.
 */
export function layoutPositions(document: FlowDocument, sizes: ReadonlyMap<string, { width: number; height: number }> = new Map()): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) {
    const size = sizes.get(node.id) ?? { width: NODE_WIDTH, height: estimatedNodeHeight(outputHandles(node).length) };
    graph.setNode(node.id, { width: size.width, height: size.height });
  }
  const handleOrder = new Map(document.nodes.map((node) => [node.id, outputHandles(node)]));
  for (const edge of document.edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    // The first output (next, yes, success…) pulls hardest: the main path runs straight.
    const index = handleOrder.get(edge.source)?.indexOf(edge.sourceHandle) ?? 0;
    graph.setEdge(edge.source, edge.target, { weight: index === 0 ? 2 : 1 });
  }
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of document.nodes) {
    const laid = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (laid) positions.set(node.id, { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) });
  }
  return positions;
}
