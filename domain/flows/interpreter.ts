import { validateAnswer } from './answers';
import { BUILTIN_VARIABLES } from './builtin-variables';
import { evaluateCondition } from './conditions';
import { assertNever, outputHandles, type FlowDocument, type FlowNode, type FlowNodeOf } from './document';
import { prepareHttpRequest, recordHttpResponse } from './http-step';
import { MAX_STEPS_PER_ADVANCE, type FlowEffect, type FlowEffectResult, type FlowFacts, type FlowInput, type FlowOutcome, type FlowSession, type FlowStop } from './runtime';
import { renderTemplate, renderTemplateLeniently, templateScope } from './templates';

/**
 * The flow interpreter (contract in runtime.ts): pure and deterministic. `advanceFlow` walks nodes
 * from where the session is until the flow needs the outside world, and returns that stop with the
 * new session.
 *
 * Inputs that do not fit the stop the session is at (a reply while an effect is running or while
 * sleeping, an effect result while waiting for a reply, anything after the end) are ignored: the
 * session comes back unchanged with the same stop — the one the runner is already handling, so it
 * must not act on it again. Before the start (no stop yet) any input starts the flow. A timeout while
 * waiting for a reply takes the node's `timeout` branch, or ends the flow as finished if it has none.
 */

export interface FlowAdvance {
  session: FlowSession;
  stop: FlowStop;
  /** The outputs this advance left nodes by, in order (flow analytics); absent when it left none. */
  followed?: FollowedOutput[];
}

/** A node left by one of its outputs (the edge from `nodeId`'s `handle`). */
export interface FollowedOutput {
  nodeId: string;
  handle: string;
}

export function startSession(flowId: number, version: number, document: FlowDocument): FlowSession {
  const start = document.nodes.find((node) => node.kind === 'start');
  return { flowId, version, at: start?.id ?? '', variables: {}, retries: 0, steps: 0 };
}

/** What a node does: stay there with a stop, or leave by one of its outputs. */
type Step = { stop: FlowStop } | { follow: string };
/** 'ignored': the input does not fit the stop the session is at. */
type Resumed = Step | 'ignored';

/** The state one `advanceFlow` call works on. */
interface Run {
  facts: FlowFacts;
  variables: Record<string, string>;
  retries: number;
}

export function advanceFlow(document: FlowDocument, session: FlowSession, input: FlowInput, facts: FlowFacts): FlowAdvance {
  if (session.stop?.kind === 'end') return { session, stop: session.stop };
  const nodes = new Map(document.nodes.map((node) => [node.id, node]));
  const current = nodes.get(session.at);
  if (current === undefined) return ended(session, failed(session.at, session.at === '' ? 'the flow has no start node' : `the flow has no node "${session.at}"`));
  let node: FlowNode = current;

  const run: Run = { facts, variables: { ...session.variables }, retries: session.retries };
  let executed = 0;
  let step: Step;
  if (session.stop === undefined) {
    executed++;
    step = enter(node, run);
  } else {
    const resumed = resume(node, session.stop, input, run);
    if (resumed === 'ignored') return { session, stop: session.stop };
    step = resumed;
  }

  const targets = edgeTargets(document);
  const followed: FollowedOutput[] = [];
  while ('follow' in step) {
    const targetId = outputHandles(node).includes(step.follow) ? targets.get(edgeKey(node.id, step.follow)) : undefined;
    const next = targetId === undefined ? undefined : nodes.get(targetId);
    if (next === undefined) {
      step = { stop: { kind: 'end', outcome: { kind: 'finished' } } };
      break;
    }
    followed.push({ nodeId: node.id, handle: step.follow });
    if (executed >= MAX_STEPS_PER_ADVANCE) {
      step = { stop: { kind: 'end', outcome: failed(next.id, `more than ${MAX_STEPS_PER_ADVANCE} steps without waiting: the flow loops`) } };
      break;
    }
    node = next;
    executed++;
    run.retries = 0;
    step = enter(node, run);
  }
  const nextSession: FlowSession = { ...session, at: node.id, variables: run.variables, retries: run.retries, steps: session.steps + executed, stop: step.stop };
  return followed.length > 0 ? { session: nextSession, stop: step.stop, followed } : { session: nextSession, stop: step.stop };
}

/** Arriving at a node. */
function enter(node: FlowNode, run: Run): Step {
  switch (node.kind) {
    case 'start':
      return { follow: 'next' };
    case 'send_message':
      return sendText(node, node.text, node.buttons, node.attachments, run);
    case 'ask':
      return sendText(node, node.text, choiceButtons(node), [], run);
    case 'condition':
      return { follow: evaluateCondition(node, run.facts, run.variables) ? 'true' : 'false' };
    case 'set_variable':
      return setValue(node, run);
    case 'http_request': {
      const request = prepareHttpRequest(node, scopeOf(run), run.variables);
      return request === null ? { follow: 'failure' } : effect(request);
    }
    case 'wait':
      return { stop: node.mode === 'delay' ? { kind: 'sleep', minutes: node.minutes } : { kind: 'await_reply', timeoutMinutes: node.minutes } };
    case 'handoff':
      return end({ kind: 'handoff', lineId: node.lineId, mode: null });
    case 'route_to_line':
      return end({ kind: 'handoff', lineId: node.lineId, mode: node.mode });
    case 'transfer_to_user':
    case 'route_to_operator':
      return end({ kind: 'assign', userId: node.userId });
    case 'route_to_responsible': {
      const { responsibleUserId, responsibleAvailable } = run.facts.contact;
      return responsibleUserId !== null && responsibleAvailable ? end({ kind: 'assign', userId: responsibleUserId }) : { follow: 'fallback' };
    }
    case 'close_dialog':
      return end({ kind: 'close' });
    case 'jump_to_flow':
    case 'run_bot':
      return end({ kind: 'switch_flow', flowId: node.flowId });
    case 'create_lead':
      // A lead titled "Lead from unknown" beats no lead when the contact's name is not known yet.
      return effect({ kind: 'create_lead', title: renderTemplateLeniently(node.title, scopeOf(run)) });
    case 'set_priority':
      return effect({ kind: 'set_priority', priority: node.priority });
    case 'set_tag':
      return effect({ kind: 'set_tag', tag: node.tag });
    default:
      return assertNever(node);
  }
}

/** Continuing at a node that stopped, with what the runner brings. */
function resume(node: FlowNode, stop: FlowStop, input: FlowInput, run: Run): Resumed {
  switch (stop.kind) {
    case 'effect':
      return input.kind === 'effect_done' ? afterEffect(node, input.result, run) : 'ignored';
    case 'await_reply':
      if (input.kind === 'reply') return onReply(node, input.text, run);
      return input.kind === 'timeout' ? { follow: 'timeout' } : 'ignored';
    case 'sleep':
      return input.kind === 'timeout' ? { follow: 'next' } : 'ignored';
    case 'end':
      return 'ignored';
    default:
      return assertNever(stop);
  }
}

function afterEffect(node: FlowNode, result: FlowEffectResult, run: Run): Resumed {
  switch (node.kind) {
    case 'send_message':
    case 'set_variable':
    case 'set_priority':
    case 'set_tag':
      return { follow: 'next' };
    case 'ask':
      // The question (or the retry text) is out: now the answer.
      return { stop: { kind: 'await_reply', timeoutMinutes: node.timeoutMinutes } };
    case 'http_request':
      return { follow: recordHttpResponse(node, result, run.variables) ? 'success' : 'failure' };
    case 'create_lead':
      if (result.kind === 'lead_created') run.variables[BUILTIN_VARIABLES.leadId] = String(result.leadId);
      return { follow: 'next' };
    default:
      return 'ignored';
  }
}

function onReply(node: FlowNode, text: string, run: Run): Resumed {
  if (node.kind === 'wait') {
    run.variables[BUILTIN_VARIABLES.lastReply] = text;
    return { follow: 'replied' };
  }
  if (node.kind !== 'ask') return 'ignored';
  const answer = validateAnswer(node, text);
  if (answer.ok) {
    run.variables[node.variable] = answer.value;
    return { follow: 'next' };
  }
  run.retries++;
  if (run.retries > node.maxRetries) return { follow: 'invalid' };
  return sendText(node, node.retryText, choiceButtons(node), [], run);
}

function setValue(node: FlowNodeOf<'set_variable'>, run: Run): Step {
  const value = renderTemplate(node.value, scopeOf(run));
  if (!value.ok) return end(failed(node.id, notSet('value', value.missing)));
  if (node.target.scope === 'contact') return effect({ kind: 'set_contact_field', field: node.target.key, value: value.text });
  run.variables[node.target.key] = value.text;
  return { follow: 'next' };
}

function sendText(node: FlowNode, template: string, buttons: { id: string; label: string }[], attachments: { url: string; name: string }[], run: Run): Step {
  const text = renderTemplate(template, scopeOf(run));
  if (!text.ok) return end(failed(node.id, notSet('text', text.missing)));
  return effect({ kind: 'send_message', text: text.text, buttons, attachments });
}

function choiceButtons(node: FlowNodeOf<'ask'>): { id: string; label: string }[] {
  return node.answer === 'choice' ? node.choices : [];
}

function scopeOf(run: Run) {
  return templateScope(run.facts, run.variables);
}

function effect(value: FlowEffect): Step {
  return { stop: { kind: 'effect', effect: value } };
}

function end(outcome: FlowOutcome): Step {
  return { stop: { kind: 'end', outcome } };
}

function failed(nodeId: string, reason: string): FlowOutcome {
  return { kind: 'failed', nodeId, reason };
}

function notSet(field: string, missing: string[]): string {
  return `the ${field} uses ${missing.map((name) => `{{${name}}}`).join(', ')}, which is not set`;
}

function ended(session: FlowSession, outcome: FlowOutcome): FlowAdvance {
  const stop: FlowStop = { kind: 'end', outcome };
  return { session: { ...session, stop }, stop };
}

function edgeTargets(document: FlowDocument): Map<string, string> {
  return new Map(document.edges.map((edge) => [edgeKey(edge.source, edge.sourceHandle), edge.target]));
}

function edgeKey(source: string, handle: string): string {
  return `${source}\u0000${handle}`;
}
