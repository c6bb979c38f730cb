import { describe, expect, it } from 'vitest';
import { FLOW_SCHEMA_VERSION, type FlowDocument } from '../../domain/flows/document';
import { layoutPositions } from '../../web/features/flows/auto-layout';
import { fromReactFlow, reconcileEdges, reconcileNodes, toReactFlow } from '../../web/features/flows/document-mapping';
import { connect, copyFragment, moveNodes, pasteFragment, removeElements } from '../../web/features/flows/graph-edits';
import { currentProblems, draftProblems, problemsByNode } from '../../web/features/flows/problems';
import { historyReducer, initialHistory } from '../../web/features/flows/useDocumentHistory';

/** The editor's canvas ↔ document mapping and its edits, as pure functions (no browser). */

function leadBot(): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      { id: 'ask', kind: 'ask', position: { x: 300, y: 0 }, text: 'Your e-mail?', answer: 'email', choices: [], variable: 'email', retryText: 'Again?', maxRetries: 1, timeoutMinutes: null },
      { id: 'thanks', kind: 'send_message', label: 'Thank you', position: { x: 600, y: 0 }, text: 'Thanks, {{email}}!', buttons: [], attachments: [] },
      { id: 'handoff', kind: 'handoff', position: { x: 900, y: 0 }, lineId: null },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'thanks' },
      { id: 'e3', source: 'ask', sourceHandle: 'invalid', target: 'handoff' },
      { id: 'e4', source: 'thanks', sourceHandle: 'next', target: 'handoff' },
    ],
    variables: [{ name: 'email', description: 'The client’s e-mail' }],
  };
}

let counter = 0;
const sequentialIds = (prefix: string) => `${prefix}_${++counter}`;

describe('toReactFlow / fromReactFlow', () => {
  it('shows each node as a card of its kind at its position, connected by its named outputs', () => {
    const { nodes, edges } = toReactFlow(leadBot(), { problemsByNode: new Map([['thanks', ['text: must not be empty']]]), activeNodeId: 'ask' });
    expect(nodes.map((node) => [node.id, node.type, node.position])).toEqual([
      ['start', 'start', { x: 0, y: 0 }],
      ['ask', 'ask', { x: 300, y: 0 }],
      ['thanks', 'send_message', { x: 600, y: 0 }],
      ['handoff', 'handoff', { x: 900, y: 0 }],
    ]);
    // The start node cannot be deleted; problems and the simulator's position travel with the node.
    expect(nodes.find((node) => node.id === 'start')?.deletable).toBe(false);
    expect(nodes.find((node) => node.id === 'thanks')?.data).toMatchObject({ problems: ['text: must not be empty'], active: false });
    expect(nodes.find((node) => node.id === 'ask')?.data.active).toBe(true);
    expect(edges.find((edge) => edge.id === 'e3')).toMatchObject({ source: 'ask', sourceHandle: 'invalid', target: 'handoff', ariaLabel: 'Ask (Invalid answer) to Hand off' });
    expect(edges.find((edge) => edge.id === 'e4')?.ariaLabel).toBe('Thank you (Next) to Hand off');
  });

  it('reads back the same document, with positions from the canvas and untouched nodes kept as they were', () => {
    const document = leadBot();
    const { nodes, edges } = toReactFlow(document);
    expect(fromReactFlow(nodes, edges, document)).toEqual(document);

    const dragged = nodes.map((node) => (node.id === 'thanks' ? { ...node, position: { x: 640, y: 120 } } : node));
    const after = fromReactFlow(dragged, edges, document);
    expect(after.nodes.find((node) => node.id === 'thanks')?.position).toEqual({ x: 640, y: 120 });
    expect(after.nodes.find((node) => node.id === 'ask')).toBe(document.nodes[1]);
    expect(after.variables).toBe(document.variables);
  });
});

describe('reconcileNodes / reconcileEdges', () => {
  it('keeps the objects of unchanged nodes (no re-render) and what only the canvas knows', () => {
    const document = leadBot();
    const shown = toReactFlow(document).nodes.map((node) => (node.id === 'ask' ? { ...node, selected: true, measured: { width: 240, height: 106 } } : node));
    const edited = { ...document, nodes: document.nodes.map((node) => (node.id === 'ask' ? { ...node, text: 'Your e-mail, please?' } : node)) };
    const next = reconcileNodes(shown, toReactFlow(edited).nodes);
    expect(next[0]).toBe(shown[0]);
    expect(next[2]).toBe(shown[2]);
    expect(next[1]).not.toBe(shown[1]);
    expect(next[1]).toMatchObject({ selected: true, measured: { width: 240, height: 106 }, data: { node: { text: 'Your e-mail, please?' } } });
  });

  it('selects exactly the requested nodes when asked (pasted or added ones) and clears edge selection', () => {
    const document = leadBot();
    const view = toReactFlow(document);
    const shownNodes = view.nodes.map((node) => ({ ...node, selected: node.id === 'start' }));
    const shownEdges = view.edges.map((edge) => ({ ...edge, selected: edge.id === 'e1' }));
    expect(reconcileNodes(shownNodes, view.nodes, new Set(['thanks', 'handoff'])).filter((node) => node.selected).map((node) => node.id)).toEqual(['thanks', 'handoff']);
    expect(reconcileEdges(shownEdges, view.edges, new Set()).some((edge) => edge.selected)).toBe(false);
    expect(reconcileEdges(shownEdges, view.edges)[0]).toBe(shownEdges[0]);
  });
});

describe('canvas edits', () => {
  it('gives an output one connection: connecting it again replaces the old one', () => {
    const document = connect(leadBot(), { source: 'ask', sourceHandle: 'invalid', target: 'thanks' }, 'e5');
    expect(document.edges.filter((edge) => edge.source === 'ask' && edge.sourceHandle === 'invalid')).toEqual([{ id: 'e5', source: 'ask', sourceHandle: 'invalid', target: 'thanks' }]);
  });

  it('deletes nodes with their connections but never the start node', () => {
    const document = removeElements(leadBot(), ['start', 'thanks']);
    expect(document.nodes.map((node) => node.id)).toEqual(['start', 'ask', 'handoff']);
    expect(document.edges.map((edge) => edge.id)).toEqual(['e1', 'e3']);
  });

  it('copies the selected nodes with the connections between them and pastes them with new ids, moved', () => {
    const fragment = copyFragment(leadBot(), ['start', 'ask', 'thanks']);
    expect(fragment.nodes.map((node) => node.id)).toEqual(['ask', 'thanks']);
    expect(fragment.edges.map((edge) => edge.id)).toEqual(['e2']);

    const { document, nodeIds } = pasteFragment(leadBot(), fragment, { x: 40, y: 40 }, sequentialIds);
    expect(document.nodes).toHaveLength(6);
    const pasted = document.nodes.filter((node) => nodeIds.includes(node.id));
    expect(pasted.map((node) => [node.kind, node.position])).toEqual([
      ['ask', { x: 340, y: 40 }],
      ['send_message', { x: 640, y: 40 }],
    ]);
    expect(new Set(document.nodes.map((node) => node.id)).size).toBe(6);
    const pastedEdge = document.edges.at(-1);
    expect(pastedEdge).toMatchObject({ source: nodeIds[0], sourceHandle: 'next', target: nodeIds[1] });
    // The copy is independent of the original.
    expect(document.nodes.find((node) => node.id === 'thanks')?.label).toBe('Thank you');
  });

  it('moves only the nodes whose position changed, and returns the same document when none did', () => {
    const document = leadBot();
    expect(moveNodes(document, new Map([['ask', { x: 300, y: 0 }]]))).toBe(document);
    const moved = moveNodes(document, new Map([['ask', { x: 310, y: 50 }]]));
    expect(moved.nodes[1]?.position).toEqual({ x: 310, y: 50 });
    expect(moved.nodes[2]).toBe(document.nodes[2]);
  });

  it('lays the flow out left to right: each step right of the one before, none overlapping', () => {
    const document = { ...leadBot(), nodes: leadBot().nodes.map((node) => ({ ...node, position: { x: 0, y: 0 } })) };
    const positions = layoutPositions(document);
    const x = (id: string) => positions.get(id)!.x;
    expect(x('start')).toBeLessThan(x('ask'));
    expect(x('ask')).toBeLessThan(x('thanks'));
    expect(x('thanks')).toBeLessThan(x('handoff'));
    const boxes = [...positions.values()];
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 240 || Math.abs(a.y - b.y) >= 60).toBe(true);
  });
});

describe('undo history', () => {
  it('undoes and redoes whole edits, and keystrokes in one field as one step', () => {
    const base = leadBot();
    const typed = (text: string) => ({ ...base, nodes: base.nodes.map((node) => (node.id === 'thanks' ? { ...node, text } : node)) });
    let state = initialHistory(base);
    state = historyReducer(state, { type: 'commit', document: typed('T'), coalesceKey: 'thanks:text', at: 1000 });
    state = historyReducer(state, { type: 'commit', document: typed('Th'), coalesceKey: 'thanks:text', at: 1300 });
    state = historyReducer(state, { type: 'commit', document: typed('Thx'), coalesceKey: 'thanks:text', at: 1600 });
    const moved = moveNodes(state.present, new Map([['ask', { x: 1, y: 1 }]]));
    state = historyReducer(state, { type: 'commit', document: moved, at: 1700 });
    expect(state.past).toHaveLength(2);

    state = historyReducer(state, { type: 'undo' });
    expect(state.present.nodes[2]).toMatchObject({ text: 'Thx' });
    state = historyReducer(state, { type: 'undo' });
    expect(state.present).toBe(base);
    state = historyReducer(state, { type: 'redo' });
    expect(state.present.nodes[2]).toMatchObject({ text: 'Thx' });
    // A new edit after an undo drops what could be redone.
    state = historyReducer(state, { type: 'commit', document: typed('Hi'), at: 5000 });
    expect(state.future).toEqual([]);
  });
});

describe('problems while editing', () => {
  it('shows an empty field and the graph’s problems at the same time, each on its node', () => {
    const document = leadBot();
    const edited = { ...document, nodes: document.nodes.map((node) => (node.id === 'thanks' ? { ...node, text: '' } : node)), edges: document.edges.filter((edge) => edge.id !== 'e3') };
    const problems = draftProblems(edited);
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'thanks', path: 'text' }));
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'ask', message: expect.stringContaining('Invalid answer') }));
    expect(problemsByNode(problems, edited).get('thanks')).toEqual([expect.stringContaining('must not be empty')]);
    expect(draftProblems(document)).toEqual([]);
  });

  it('keeps the server’s problems for nodes not changed since it checked them', () => {
    const checked = leadBot();
    const server = { document: checked, problems: [{ nodeId: 'handoff', path: 'lineId', code: 'lineMissing' as const, message: 'line 9 does not exist' }, { nodeId: 'thanks', code: 'unreachable' as const, message: 'old problem' }] };
    const edited = { ...checked, nodes: checked.nodes.map((node) => (node.id === 'thanks' ? { ...node, text: 'Hi' } : node)) };
    expect(currentProblems(edited, [], server).map((problem) => problem.message)).toEqual(['line 9 does not exist']);
    expect(currentProblems(checked, [], server)).toHaveLength(2);
  });
});
