import { handleLabels, outputHandles, type FlowDocument, type FlowEdge, type FlowNode } from './document';
import { findLoops, reachableFrom } from './graph';
import type { FlowProblem } from './validate';

/** The rules of a flow's graph: its start, ids, connections, branches, loops and reachability. */
export function graphProblems(document: FlowDocument): FlowProblem[] {
  const nodes = new Map<string, FlowNode>();
  for (const node of document.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  // Connections the interpreter can follow: between existing nodes, from a real output.
  const usable = document.edges.filter((edge) => {
    const source = nodes.get(edge.source);
    return source !== undefined && nodes.has(edge.target) && outputHandles(source).includes(edge.sourceHandle);
  });
  return [
    ...startProblems(document),
    ...duplicateIds(document.nodes.map((node) => node.id), 'node', 'nodeId'),
    ...duplicateIds(document.edges.map((edge) => edge.id), 'connection', 'edgeId'),
    ...document.edges.flatMap((edge) => edgeProblems(edge, nodes)),
    ...document.nodes.flatMap((node) => branchProblems(node, usable)),
    ...loopProblems(document.nodes, usable),
    ...unreachableProblems(document.nodes, usable),
  ];
}

function startProblems(document: FlowDocument): FlowProblem[] {
  const starts = document.nodes.filter((node) => node.kind === 'start');
  if (starts.length === 0) return [{ code: 'noStart', message: 'The flow has no start node: add a Start node and connect it to the first step.' }];
  const extraStarts = starts.slice(1).map((node) => ({ nodeId: node.id, code: 'extraStart' as const, message: 'A flow has exactly one start node, and this is a second one: delete it.' }));
  const startIds = new Set(starts.map((node) => node.id));
  const incoming = document.edges
    .filter((edge) => startIds.has(edge.target))
    .map((edge) => ({ nodeId: edge.target, edgeId: edge.id, code: 'startIsTarget' as const, params: { edge: edge.id, source: edge.source }, message: `The start node cannot be the target of a connection (“${edge.id}” from “${edge.source}”): delete that connection.` }));
  return [...extraStarts, ...incoming];
}

function duplicateIds(ids: string[], what: string, key: 'nodeId' | 'edgeId'): FlowProblem[] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([id, count]) => ({ [key]: id, code: key === 'nodeId' ? ('duplicateNodeId' as const) : ('duplicateEdgeId' as const), params: { id, count }, message: `The ${what} id “${id}” is used ${count} times: give each ${what} its own id.` }));
}

function edgeProblems(edge: FlowEdge, nodes: ReadonlyMap<string, FlowNode>): FlowProblem[] {
  const source = nodes.get(edge.source);
  const problems: FlowProblem[] = [];
  if (source === undefined) problems.push({ edgeId: edge.id, code: 'edgeFromMissing', params: { source: edge.source }, message: `This connection starts at node “${edge.source}”, which does not exist: delete the connection.` });
  if (!nodes.has(edge.target)) problems.push({ edgeId: edge.id, code: 'edgeToMissing', params: { target: edge.target }, message: `This connection leads to node “${edge.target}”, which does not exist: delete the connection or reconnect it.` });
  if (source === undefined) return problems;
  const handles = outputHandles(source);
  if (!handles.includes(edge.sourceHandle)) {
    const fix = handles.length === 0 ? 'this step ends the flow, so delete the connection' : `connect from ${handles.map(handleName).join(', ')} instead`;
    problems.push({ nodeId: source.id, edgeId: edge.id, code: 'noSuchOutput', params: { handle: edge.sourceHandle, handles: handles.join(',') }, message: `This step has no output “${edge.sourceHandle}”: ${fix}.` });
  }
  return problems;
}

/** Every output of a node leads to exactly one next step. */
function branchProblems(node: FlowNode, usable: readonly FlowEdge[]): FlowProblem[] {
  return outputHandles(node).flatMap((handle): FlowProblem[] => {
    const edges = usable.filter((edge) => edge.source === node.id && edge.sourceHandle === handle);
    if (edges.length === 0) return [{ nodeId: node.id, code: 'branchNotConnected', params: { branch: handle }, message: `Branch ${handleName(handle)} is not connected: connect it to the step that should follow.` }];
    if (edges.length > 1) {
      return [{ nodeId: node.id, code: 'branchManyConnections', params: { branch: handle, count: edges.length, edges: edges.map((edge) => edge.id).join(',') }, message: `Branch ${handleName(handle)} has ${edges.length} connections (${edges.map((edge) => `“${edge.id}”`).join(', ')}): keep only one.` }];
    }
    return [];
  });
}

/** A loop must wait for something (an ask or wait step), or the flow would spin for ever. */
function loopProblems(nodes: readonly FlowNode[], usable: readonly FlowEdge[]): FlowProblem[] {
  const waits = new Set(nodes.filter((node) => node.kind === 'ask' || node.kind === 'wait').map((node) => node.id));
  const links = usable.filter((edge) => !waits.has(edge.source) && !waits.has(edge.target));
  return findLoops(links).map(({ nodeId, cycle }) => ({
    nodeId,
    code: 'loopWithoutWait' as const,
    params: { cycle: cycle.join(',') },
    message: `This step is part of a loop without an Ask or Wait step (${cycle.map((id) => `“${id}”`).join(' → ')}), which would repeat for ever: add a Wait or Ask step to the loop, or break it.`,
  }));
}

function unreachableProblems(nodes: readonly FlowNode[], usable: readonly FlowEdge[]): FlowProblem[] {
  const start = nodes.find((node) => node.kind === 'start');
  if (start === undefined) return [];
  const reached = reachableFrom(start.id, usable);
  return nodes
    .filter((node) => !reached.has(node.id))
    .map((node) => ({ nodeId: node.id, code: 'unreachable' as const, message: 'This step cannot be reached from the start: connect a step to it, or delete it.' }));
}

function handleName(handle: string): string {
  return `“${handleLabels[handle] ?? handle}”`;
}
