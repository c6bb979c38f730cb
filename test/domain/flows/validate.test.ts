import { describe, expect, it } from 'vitest';
import type { FlowDocumentInput } from '../../../domain/flows/document';
import { leadBotExample, vipRoutingExample } from '../../../domain/flows/examples';
import { validateFlow, type FlowProblem } from '../../../domain/flows/validate';
import { draft, link, node } from './helpers';

/** The problems as the API's English sees them: where, and the message (their codes have a case of their own below). */
function problems(input: unknown): Omit<FlowProblem, 'code' | 'params'>[] {
  const result = validateFlow(input);
  return result.ok ? [] : result.problems.map(({ code: _code, params: _params, ...problem }) => problem);
}

/** start → hello → operators: the smallest valid bot flow, which each case below breaks one way. */
function greeting({ nodes = [], edges = [], ...extra }: Partial<FlowDocumentInput> = {}): FlowDocumentInput {
  return draft(
    [node('start', 'start'), node('hello', 'send_message', { text: 'Hello!' }), node('operators', 'handoff'), ...nodes],
    [link('start', 'next', 'hello'), link('hello', 'next', 'operators'), ...edges],
    extra,
  );
}

describe('validateFlow: valid documents', () => {
  it('accepts the smallest flow and returns it parsed, with defaults filled in', () => {
    const result = validateFlow(greeting());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.nodes[1]).toMatchObject({ kind: 'send_message', buttons: [], attachments: [] });
  });

  it('accepts both example flows', () => {
    expect(problems(leadBotExample)).toEqual([]);
    expect(problems(vipRoutingExample(3, 4))).toEqual([]);
  });
});

describe('validateFlow: the schema', () => {
  it('places a field problem on its node with the field path', () => {
    const input = draft([node('start', 'start'), node('welcome', 'send_message', { text: '   ' })], [link('start', 'next', 'welcome')]);
    expect(problems(input)).toEqual([{ nodeId: 'welcome', path: 'text', message: 'text: must not be empty' }]);
  });

  it('wants positive whole ids for lines and flows', () => {
    const input = draft(
      [node('start', 'start'), node('to_sales', 'handoff', { lineId: 0 }), node('other', 'jump_to_flow', { flowId: 2.5 })],
      [link('start', 'next', 'to_sales')],
    );
    expect(problems(input)).toEqual([
      { nodeId: 'to_sales', path: 'lineId', message: 'lineId: must be a positive number' },
      { nodeId: 'other', path: 'flowId', message: 'flowId: must be a whole number' },
    ]);
  });

  it('names an unknown node kind', () => {
    expect(problems(draft([node('start', 'start'), node('x', 'teleport')], []))).toEqual([
      { nodeId: 'x', path: 'kind', message: 'kind: "teleport" is not a node kind: use one the editor offers' },
    ]);
  });

  it('places an edge problem on its edge', () => {
    const input = greeting({ edges: [{ id: 'loose', source: 'hello', sourceHandle: 'next' } as never] });
    expect(problems(input)).toEqual([{ edgeId: 'loose', path: 'target', message: 'target: is required' }]);
  });

  it('reports problems outside nodes and edges by path', () => {
    expect(problems({ ...greeting(), schemaVersion: 1 })).toEqual([{ path: 'schemaVersion', message: 'schemaVersion: must be 2' }]);
    expect(problems(greeting({ variables: [{ name: '2fast' }] }))).toEqual([
      { path: 'variables[0].name', message: 'variables[0].name: must start with a letter or _ and contain only letters, digits and _ (at most 40)' },
    ]);
    expect(problems('not a flow')).toEqual([{ message: 'must be an object' }]);
  });
});

describe('validateFlow: start node', () => {
  it('needs a start node', () => {
    const input = draft([node('hello', 'send_message', { text: 'Hi' }), node('operators', 'handoff')], [link('hello', 'next', 'operators')]);
    expect(problems(input)).toEqual([{ message: 'The flow has no start node: add a Start node and connect it to the first step.' }]);
  });

  it('allows only one start node', () => {
    const input = greeting({ nodes: [node('start2', 'start')], edges: [link('start2', 'next', 'operators')] });
    expect(problems(input)).toContainEqual({ nodeId: 'start2', message: 'A flow has exactly one start node, and this is a second one: delete it.' });
  });

  it('refuses connections into the start node', () => {
    const input = greeting({ nodes: [node('again', 'send_message', { text: 'Again' })], edges: [link('again', 'next', 'start', 'back')] });
    expect(problems(input)).toContainEqual({ nodeId: 'start', edgeId: 'back', message: 'The start node cannot be the target of a connection (“back” from “again”): delete that connection.' });
  });
});

describe('validateFlow: ids and connections', () => {
  it('wants unique node and connection ids', () => {
    const input = greeting({ nodes: [node('hello', 'send_message', { text: 'Twin' })], edges: [link('start', 'next', 'operators', 'hello:next')] });
    const found = problems(input);
    expect(found).toContainEqual({ nodeId: 'hello', message: 'The node id “hello” is used 2 times: give each node its own id.' });
    expect(found).toContainEqual({ edgeId: 'hello:next', message: 'The connection id “hello:next” is used 2 times: give each connection its own id.' });
  });

  it('refuses connections from or to nodes that do not exist', () => {
    const input = greeting({ edges: [link('ghost', 'next', 'hello', 'e1'), link('hello', 'next', 'nowhere', 'e2')] });
    const found = problems(input);
    expect(found).toContainEqual({ edgeId: 'e1', message: 'This connection starts at node “ghost”, which does not exist: delete the connection.' });
    expect(found).toContainEqual({ edgeId: 'e2', message: 'This connection leads to node “nowhere”, which does not exist: delete the connection or reconnect it.' });
  });

  it('refuses a connection from an output the node does not have', () => {
    const input = greeting({ edges: [link('hello', 'yes', 'operators', 'e1'), link('operators', 'next', 'hello', 'e2')] });
    const found = problems(input);
    expect(found).toContainEqual({ nodeId: 'hello', edgeId: 'e1', message: 'This step has no output “yes”: connect from “Next” instead.' });
    expect(found).toContainEqual({ nodeId: 'operators', edgeId: 'e2', message: 'This step has no output “next”: this step ends the flow, so delete the connection.' });
  });

  it('allows one connection per output', () => {
    const input = greeting({ nodes: [node('close', 'close_dialog')], edges: [link('hello', 'next', 'close', 'twice')] });
    expect(problems(input)).toEqual([{ nodeId: 'hello', message: 'Branch “Next” has 2 connections (“hello:next”, “twice”): keep only one.' }]);
  });

  it('wants every branch connected', () => {
    const input = draft(
      [node('start', 'start'), node('ask_name', 'ask', { text: 'Name?', answer: 'text', variable: 'name', timeoutMinutes: 10 }), node('operators', 'handoff')],
      [link('start', 'next', 'ask_name'), link('ask_name', 'next', 'operators'), link('ask_name', 'invalid', 'operators')],
    );
    expect(problems(input)).toEqual([{ nodeId: 'ask_name', message: 'Branch “Timeout” is not connected: connect it to the step that should follow.' }]);
  });
});

describe('validateFlow: reachability and loops', () => {
  it('reports steps the start cannot reach', () => {
    const input = greeting({ nodes: [node('orphan', 'close_dialog')] });
    expect(problems(input)).toEqual([{ nodeId: 'orphan', message: 'This step cannot be reached from the start: connect a step to it, or delete it.' }]);
  });

  it('reports every step of a loop that never waits, with the loop', () => {
    const input = draft(
      [
        node('start', 'start'),
        node('check', 'condition', { rules: [{ subject: { source: 'working_hours' }, operator: 'is_set' }] }),
        node('note', 'set_variable', { target: { scope: 'variable', key: 'seen' }, value: 'yes' }),
        node('operators', 'handoff'),
      ],
      [link('start', 'next', 'check'), link('check', 'true', 'operators'), link('check', 'false', 'note'), link('note', 'next', 'check')],
    );
    const loop = 'which would repeat for ever: add a Wait or Ask step to the loop, or break it.';
    expect(problems(input)).toEqual([
      { nodeId: 'check', message: `This step is part of a loop without an Ask or Wait step (“check” → “note” → “check”), ${loop}` },
      { nodeId: 'note', message: `This step is part of a loop without an Ask or Wait step (“note” → “check” → “note”), ${loop}` },
    ]);
  });

  it('allows a loop that waits for the client or for time', () => {
    const pause = (mode: 'delay' | 'reply') =>
      draft(
        [
          node('start', 'start'),
          node('check', 'condition', { rules: [{ subject: { source: 'working_hours' }, operator: 'is_set' }] }),
          node('pause', 'wait', { mode, minutes: 5 }),
          node('operators', 'handoff'),
        ],
        [
          link('start', 'next', 'check'),
          link('check', 'true', 'operators'),
          link('check', 'false', 'pause'),
          ...(mode === 'delay' ? [link('pause', 'next', 'check')] : [link('pause', 'replied', 'check'), link('pause', 'timeout', 'check')]),
        ],
      );
    expect(problems(pause('delay'))).toEqual([]);
    expect(problems(pause('reply'))).toEqual([]);
  });

  it('allows asking again after an invalid answer', () => {
    const input = draft(
      [node('start', 'start'), node('ask_email', 'ask', { text: 'E-mail?', answer: 'email', variable: 'email' }), node('operators', 'handoff')],
      [link('start', 'next', 'ask_email'), link('ask_email', 'next', 'operators'), link('ask_email', 'invalid', 'ask_email')],
    );
    expect(problems(input)).toEqual([]);
  });
});

describe('validateFlow: node kinds per flow kind', () => {
  it('keeps bot steps out of routing flows and routing steps out of bots', () => {
    const routing = draft(
      [node('start', 'start'), node('ask_name', 'ask', { text: 'Name?', answer: 'text', variable: 'name' }), node('to_line', 'route_to_line', { lineId: 2 })],
      [link('start', 'next', 'ask_name'), link('ask_name', 'next', 'to_line'), link('ask_name', 'invalid', 'to_line')],
      { kind: 'routing' },
    );
    expect(problems(routing)).toEqual([{ nodeId: 'ask_name', message: 'A routing flow cannot use “ask” steps (they belong in bot flows): delete this step.' }]);
    const bot = greeting({ nodes: [node('to_line', 'route_to_line', { lineId: 2 })], edges: [] });
    expect(problems(bot)).toContainEqual({ nodeId: 'to_line', message: 'A bot flow cannot use “route to line” steps (they belong in routing flows): delete this step.' });
  });
});

describe('validateFlow: node content', () => {
  it('wants choices for a choice question', () => {
    const input = draft(
      [node('start', 'start'), node('topic', 'ask', { text: 'Topic?', answer: 'choice', variable: 'topic' }), node('operators', 'handoff')],
      [link('start', 'next', 'topic'), link('topic', 'next', 'operators'), link('topic', 'invalid', 'operators')],
    );
    expect(problems(input)).toEqual([
      { nodeId: 'topic', path: 'choices', message: 'This question asks for one of the choices but offers none: add at least one choice, or change the answer type.' },
    ]);
  });

  it('reports a template that reads a variable no step sets', () => {
    const input = greeting();
    input.nodes[1] = node('hello', 'send_message', { text: 'Hello {{first_name}}, via {{channel}} to {{contact.email}}' });
    expect(problems(input)).toEqual([
      {
        nodeId: 'hello',
        path: 'text',
        message: "text: {{first_name}} is never set: declare “first_name” in the flow's variables, or set it with an Ask, Set variable or HTTP request step.",
      },
    ]);
  });

  it('accepts variables that are declared or set by an ask, set variable or HTTP request step', () => {
    const input = draft(
      [
        node('start', 'start'),
        node('ask_name', 'ask', { text: 'Name?', answer: 'text', variable: 'name' }),
        node('mark', 'set_variable', { target: { scope: 'variable', key: 'source' }, value: 'bot' }),
        node('crm', 'http_request', { url: '{{crm_url}}/find?name={{name}}', responseFields: [{ path: 'id', variable: 'crm_id' }] }),
        node('done', 'send_message', { text: '{{name}} {{source}} {{crm_id}} {{http_status}} {{http_error}}' }),
        node('operators', 'handoff'),
      ],
      [
        link('start', 'next', 'ask_name'),
        link('ask_name', 'next', 'mark'),
        link('ask_name', 'invalid', 'operators'),
        link('mark', 'next', 'crm'),
        link('crm', 'success', 'done'),
        link('crm', 'failure', 'done'),
        link('done', 'next', 'operators'),
      ],
      { variables: [{ name: 'crm_url' }] },
    );
    expect(problems(input)).toEqual([]);
  });

  it('reports a contact field that does not exist', () => {
    const input = greeting();
    input.nodes[1] = node('hello', 'send_message', { text: 'Hi {{ contact.city }}' });
    expect(problems(input)).toEqual([
      { nodeId: 'hello', path: 'text', message: 'text: {{contact.city}} is not a contact field: use one of {{contact.name}}, {{contact.email}}, {{contact.phone}}.' },
    ]);
  });

  it('checks condition rules: the variable they read and their regular expression', () => {
    const input = greeting({
      nodes: [node('check', 'condition', { rules: [{ subject: { source: 'variable', key: 'tier' }, operator: 'is_set' }, { subject: { source: 'message' }, operator: 'regex', value: '(?<=#)\\d+' }] })],
      edges: [link('start', 'next', 'check', 'start-check'), link('check', 'true', 'hello'), link('check', 'false', 'operators')],
    });
    input.edges = input.edges.filter((edge) => edge.id !== 'start:next');
    expect(problems(input)).toEqual([
      {
        nodeId: 'check',
        path: 'rules[0].subject.key',
        message: "Rule 1 reads the variable “tier”, which is never set: declare it in the flow's variables, or set it with an Ask, Set variable or HTTP request step.",
      },
      {
        nodeId: 'check',
        path: 'rules[1].value',
        message:
          'Rule 2: the pattern uses a lookahead or lookbehind ("(?=…)", "(?!…)", "(?<=…)", "(?<!…)"), which flow patterns do not support (they run on a linear-time engine): match the text itself, or split the check into two rules joined by "all".',
      },
    ]);
  });

  it('reports a variable declared twice', () => {
    expect(problems(greeting({ variables: [{ name: 'tier' }, { name: 'tier' }] }))).toEqual([
      { path: 'variables[1].name', message: 'The variable “tier” is declared twice: remove one of them.' },
    ]);
  });
});

describe('validateFlow: problem codes, for a UI that words problems in its own language', () => {
  function coded(input: unknown): Pick<FlowProblem, 'nodeId' | 'edgeId' | 'code' | 'params'>[] {
    const result = validateFlow(input);
    return result.ok ? [] : result.problems.map(({ nodeId, edgeId, code, params }) => ({ nodeId, edgeId, code, params }));
  }

  it('names the schema rule a field breaks, with its limit', () => {
    const empty = greeting();
    empty.nodes[1] = node('hello', 'send_message', { text: '  ' });
    expect(coded(empty)).toEqual([{ nodeId: 'hello', edgeId: undefined, code: 'field', params: { rule: 'notEmpty' } }]);
    expect(coded(greeting({ variables: [{ name: '1st' }] }))).toEqual([{ nodeId: undefined, edgeId: undefined, code: 'field', params: { rule: 'identifier' } }]);
  });

  it('gives graph and content problems their code and the words to fill in', () => {
    const input = greeting({
      nodes: [node('check', 'condition', { rules: [{ subject: { source: 'variable', key: 'tier' }, operator: 'regex', value: '(a)\\1' }] })],
      edges: [link('check', 'true', 'hello')],
    });
    expect(coded(input)).toEqual(
      expect.arrayContaining([
        { nodeId: 'check', edgeId: undefined, code: 'branchNotConnected', params: { branch: 'false' } },
        { nodeId: 'check', edgeId: undefined, code: 'unreachable', params: undefined },
        { nodeId: 'check', edgeId: undefined, code: 'ruleVariableNeverSet', params: { rule: 1, variable: 'tier' } },
        { nodeId: 'check', edgeId: undefined, code: 'rulePattern', params: { rule: 1, reason: 'backReference' } },
      ]),
    );
    expect(coded(draft([node('hello', 'send_message', { text: 'Hi' })], []))).toContainEqual({ nodeId: undefined, edgeId: undefined, code: 'noStart', params: undefined });
  });
});
