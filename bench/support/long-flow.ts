import { flowDocumentSchema, type FlowDocument, type FlowNode, type FlowEdge } from '../../domain/flows/document';
import type { FlowFacts } from '../../domain/flows/runtime';

/**
 * A routing flow of `length` non-I/O nodes: alternating "set variable" and "condition" nodes in a
 * chain (both branches of a condition go on), ending by routing to `lineId`. Every step is pure
 * interpreter work: templates, comparisons, no effect until the end.
 */
export function longRoutingFlow(length: number, lineId: number): FlowDocument {
  const nodes: FlowNode[] = [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }];
  const edges: FlowEdge[] = [];
  let previous = { id: 'start', handles: ['next'] };
  for (let i = 0; i < length; i++) {
    const id = `n${i}`;
    const position = { x: (i + 1) * 220, y: (i % 2) * 120 };
    if (i % 2 === 0) {
      nodes.push({ id, kind: 'set_variable', position, target: { scope: 'variable', key: 'counter' }, value: `step ${i} of {{channel}}` });
    } else {
      nodes.push({ id, kind: 'condition', position, match: 'any', rules: [{ subject: { source: 'variable', key: 'counter' }, operator: 'contains', value: `${i - 1}` }] });
    }
    for (const handle of previous.handles) edges.push({ id: `e-${previous.id}-${handle}`, source: previous.id, sourceHandle: handle, target: id });
    previous = { id, handles: i % 2 === 0 ? ['next'] : ['true', 'false'] };
  }
  nodes.push({ id: 'route', kind: 'route_to_line', position: { x: (length + 1) * 220, y: 0 }, lineId, mode: null });
  for (const handle of previous.handles) edges.push({ id: `e-${previous.id}-${handle}`, source: previous.id, sourceHandle: handle, target: 'route' });
  return flowDocumentSchema.parse({ schemaVersion: 2, kind: 'routing', nodes, edges, variables: [{ name: 'counter' }] });
}

export const benchFacts: FlowFacts = {
  channel: 'widget',
  contact: { name: 'Bench', email: null, phone: null, known: false, responsibleUserId: null, responsibleAvailable: false, tags: [], language: null },
  lastMessage: 'hello',
  now: '2026-11-21T10:00:00.000Z',
  localTime: '10:00',
  withinWorkingHours: true,
};
