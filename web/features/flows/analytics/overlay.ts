import { MarkerType, type EdgeMarker } from '@xyflow/react';
import type { NodeAnalytics } from '../../../../domain/flows/analytics';

/**
 * What the analytics mode draws on the canvas: counts on each node, and each edge's dialogs as its
 * label and stroke width. Pure, so the canvas can rebuild it whenever the period's numbers change.
 */

export interface NodeOverlay {
  reached: number;
  stopped: number;
  /** Share of the reached dialogs that stopped here; null for end nodes (stopping there is finishing). */
  dropOff: number | null;
  /** The node that loses the most dialogs in the period. */
  biggest: boolean;
}

export interface EdgeOverlay {
  dialogs: number;
  strokeWidth: number;
}

export interface CanvasOverlay {
  nodes: ReadonlyMap<string, NodeOverlay>;
  edges: ReadonlyMap<string, EdgeOverlay>;
}

/** The arrow head in screen units: React Flow's default scales it with the stroke, which would make a busy edge's arrow huge. */
export const analyticsArrow: EdgeMarker = { type: MarkerType.ArrowClosed, width: 22, height: 22, markerUnits: 'userSpaceOnUse' };

const thinnest = 1.25;
const thickest = 9;

/** An edge's stroke: the busiest edge of the period thickest, an edge nobody took thinnest; by square root, so quiet branches stay visible. */
export function edgeStrokeWidth(dialogs: number, busiest: number): number {
  if (dialogs <= 0 || busiest <= 0) return thinnest;
  return Math.round((thinnest + (thickest - thinnest) * Math.sqrt(dialogs / busiest)) * 100) / 100;
}

export function canvasOverlay(analytics: { nodes: readonly NodeAnalytics[]; edges: readonly { edgeId: string; dialogs: number }[] }, biggestDropOff: string | null): CanvasOverlay {
  const busiest = Math.max(0, ...analytics.edges.map((edge) => edge.dialogs));
  return {
    nodes: new Map(analytics.nodes.map((node) => [node.nodeId, { reached: node.reached, stopped: node.stopped, dropOff: node.dropOff, biggest: node.nodeId === biggestDropOff }])),
    edges: new Map(analytics.edges.map((edge) => [edge.edgeId, { dialogs: edge.dialogs, strokeWidth: edgeStrokeWidth(edge.dialogs, busiest) }])),
  };
}
