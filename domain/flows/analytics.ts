import { outputHandles, type FlowDocument } from './document';
import type { FollowedOutput } from './interpreter';

/**
 * Flow analytics (issue 12): which nodes a dialog's flow run reached and which output it left each
 * by. The dialog workflow keeps the path of a run (`FlowPath`) and stores it when the run ends; the
 * editor shows, for a published version and a period, how many dialogs reached each node, left by
 * each output, and stopped there.
 */

/** One node of a run's path: left by `handle`, or null where the run ended (or was interrupted). */
export interface FlowPathStep {
  flowId: number;
  version: number;
  nodeId: string;
  handle: string | null;
}

/** More steps than a run stores (a flow looping through a wait node for days): the rest is not counted. */
export const MAX_PATH_STEPS = 2000;

/** Collects a run's path from the interpreter's steps, across jumps to other flows. */
export class FlowPath {
  private readonly steps: FlowPathStep[] = [];
  private at: { flowId: number; version: number; nodeId: string } | null = null;

  /** After each advance: the outputs it followed and where the flow now is. */
  step(flow: { flowId: number; version: number }, followed: readonly FollowedOutput[], nowAt: string): void {
    if (this.at && (this.at.flowId !== flow.flowId || this.at.version !== flow.version)) this.push({ ...this.at, handle: null });
    for (const output of followed) this.push({ flowId: flow.flowId, version: flow.version, nodeId: output.nodeId, handle: output.handle });
    this.at = { flowId: flow.flowId, version: flow.version, nodeId: nowAt };
  }

  /** The whole path, ending with the node the run stopped at. */
  finish(): FlowPathStep[] {
    return this.at ? [...this.steps, { ...this.at, handle: null }].slice(0, MAX_PATH_STEPS) : [...this.steps];
  }

  private push(step: FlowPathStep): void {
    if (this.steps.length < MAX_PATH_STEPS) this.steps.push(step);
  }
}

/** Distinct dialogs per node (handle undefined: reached it), per node and output, and per node where runs stopped (handle null). */
export interface FlowVisitCount {
  nodeId: string;
  handle: string | null | undefined;
  dialogs: number;
}

export interface NodeAnalytics {
  nodeId: string;
  reached: number;
  /** Dialogs per output they left by. */
  left: Record<string, number>;
  /** Reached but left by no output: the run ended here (terminal node) or the client went quiet/was taken over. */
  stopped: number;
  /** stopped / reached for a node with outputs (where a bot loses clients); null for terminal nodes or unreached ones. */
  dropOff: number | null;
}

/** Counts per node and per edge of a version's document. */
export function flowAnalytics(document: FlowDocument, counts: readonly FlowVisitCount[]): { nodes: NodeAnalytics[]; edges: { edgeId: string; dialogs: number }[] } {
  const key = (nodeId: string, handle: string | null | undefined) => `${nodeId}\u0000${handle === undefined ? '*' : handle === null ? '-' : handle}`;
  const byKey = new Map(counts.map((count) => [key(count.nodeId, count.handle), count.dialogs]));
  const nodes = document.nodes.map((node): NodeAnalytics => {
    const reached = byKey.get(key(node.id, undefined)) ?? 0;
    const left = Object.fromEntries(outputHandles(node).map((handle) => [handle, byKey.get(key(node.id, handle)) ?? 0]));
    const stopped = byKey.get(key(node.id, null)) ?? 0;
    return { nodeId: node.id, reached, left, stopped, dropOff: outputHandles(node).length > 0 && reached > 0 ? stopped / reached : null };
  });
  const edges = document.edges.map((edge) => ({ edgeId: edge.id, dialogs: byKey.get(key(edge.source, edge.sourceHandle)) ?? 0 }));
  return { nodes, edges };
}

export interface FlowAnalyticsSummary {
  /** Dialogs whose run reached the start node. */
  entered: number;
  /** Runs that stopped at a node without outputs: the flow did its job (hand-off, close, transfer…). */
  finished: number;
  /** Runs that stopped at a node with outputs: the client went quiet or the run was cut short. */
  droppedOff: number;
  /** The node most runs stopped at before its end (ties: the higher share of its visitors), if any did. */
  biggestDropOff: string | null;
}

/** The totals above the canvas, from the per-node counts of `flowAnalytics`. */
export function summarizeFlowAnalytics(document: FlowDocument, nodes: readonly NodeAnalytics[]): FlowAnalyticsSummary {
  const startIds = new Set(document.nodes.filter((node) => node.kind === 'start').map((node) => node.id));
  let entered = 0;
  let finished = 0;
  let droppedOff = 0;
  let biggest: NodeAnalytics | null = null;
  for (const node of nodes) {
    if (startIds.has(node.nodeId)) entered += node.reached;
    if (node.dropOff === null) {
      finished += node.stopped;
      continue;
    }
    droppedOff += node.stopped;
    if (node.stopped > 0 && (!biggest || node.stopped > biggest.stopped || (node.stopped === biggest.stopped && node.dropOff > (biggest.dropOff ?? 0)))) biggest = node;
  }
  return { entered, finished, droppedOff, biggestDropOff: biggest?.nodeId ?? null };
}
