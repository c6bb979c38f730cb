import { flowDocumentSchema, type FlowDocument, type FlowDocumentInput } from '../../../domain/flows/document';
import { advanceFlow, startSession } from '../../../domain/flows/interpreter';
import type { FlowEffect, FlowEffectResult, FlowFacts, FlowInput, FlowOutcome, FlowSession, FlowStop } from '../../../domain/flows/runtime';

type NodeInput = FlowDocumentInput['nodes'][number];
type EdgeInput = FlowDocumentInput['edges'][number];

/** A node at the origin: `node('hello', 'send_message', { text: 'Hi' })`. */
export function node(id: string, kind: string, fields: Record<string, unknown> = {}): NodeInput {
  return { id, kind, position: { x: 0, y: 0 }, ...fields } as NodeInput;
}

/** A connection, named "source:handle" unless given an id. */
export function link(source: string, sourceHandle: string, target: string, id = `${source}:${sourceHandle}`): EdgeInput {
  return { id, source, sourceHandle, target };
}

/** A bot flow document as the editor would save it (not yet checked). */
export function draft(nodes: NodeInput[], edges: EdgeInput[], extra: Partial<FlowDocumentInput> = {}): FlowDocumentInput {
  return { schemaVersion: 2, kind: 'bot', nodes, edges, variables: [], ...extra };
}

/** A parsed document whose graph need not be complete (the interpreter copes with missing branches). */
export function flow(nodes: NodeInput[], edges: EdgeInput[], extra: Partial<FlowDocumentInput> = {}): FlowDocument {
  return flowDocumentSchema.parse(draft(nodes, edges, extra));
}

/** A first-time anonymous visitor on the website chat at 10:00 within working hours. */
export function facts(overrides: Partial<Omit<FlowFacts, 'contact'>> & { contact?: Partial<FlowFacts['contact']> } = {}): FlowFacts {
  const { contact, ...rest } = overrides;
  return {
    channel: 'widget',
    lastMessage: '',
    now: '2026-03-02T10:00:00.000Z',
    localTime: '10:00',
    withinWorkingHours: true,
    ...rest,
    contact: { name: null, email: null, phone: null, known: false, responsibleUserId: null, responsibleAvailable: false, tags: [], language: null, ...contact },
  };
}

/** Drives one session by hand, input by input, as a runner would. */
export function player(document: FlowDocument, flowFacts: FlowFacts = facts()) {
  let session: FlowSession = startSession(7, 3, document);
  const send = (input: FlowInput): FlowStop => {
    const step = advanceFlow(document, session, input, flowFacts);
    session = step.session;
    return step.stop;
  };
  return {
    get session() {
      return session;
    },
    start: () => send({ kind: 'start' }),
    done: (result: FlowEffectResult = { kind: 'done' }) => send({ kind: 'effect_done', result }),
    reply: (text: string) => send({ kind: 'reply', text }),
    timeout: () => send({ kind: 'timeout' }),
  };
}

/** Plays the server an HTTP request node calls. */
export type HttpServer = (request: Extract<FlowEffect, { kind: 'http_request' }>) => FlowEffectResult;

export interface Conversation {
  /** "bot: …" for messages sent, "client: …" for replies, "(waits 5 min)" for sleeps and timeouts. */
  transcript: string[];
  effects: FlowEffect[];
  outcome: FlowOutcome;
  session: FlowSession;
}

/**
 * Plays a whole flow like the dialog workflow would: messages are delivered, the client answers with
 * `replies` in turn (then stays silent: timeouts), HTTP calls get `http(request)`, leads get id 501.
 */
export function converse(
  document: FlowDocument,
  options: { replies?: string[]; http?: HttpServer; facts?: FlowFacts } = {},
): Conversation {
  const replies = [...(options.replies ?? [])];
  const transcript: string[] = [];
  const effects: FlowEffect[] = [];
  let session = startSession(7, 3, document);
  let input: FlowInput = { kind: 'start' };
  for (let turn = 0; turn < 200; turn++) {
    const step = advanceFlow(document, session, input, options.facts ?? facts());
    session = step.session;
    const stop = step.stop;
    if (stop.kind === 'end') return { transcript, effects, outcome: stop.outcome, session };
    if (stop.kind === 'effect') {
      effects.push(stop.effect);
      if (stop.effect.kind === 'send_message') transcript.push(`bot: ${stop.effect.text}`);
      input = { kind: 'effect_done', result: effectResult(stop.effect, options.http) };
    } else if (stop.kind === 'sleep') {
      transcript.push(`(waits ${stop.minutes} min)`);
      input = { kind: 'timeout' };
    } else {
      const reply = replies.shift();
      if (reply !== undefined) transcript.push(`client: ${reply}`);
      else transcript.push(`(no reply${stop.timeoutMinutes === null ? '' : ` in ${stop.timeoutMinutes} min`})`);
      input = reply === undefined ? { kind: 'timeout' } : { kind: 'reply', text: reply };
    }
  }
  throw new Error('the conversation did not end within 200 turns');
}

function effectResult(effect: FlowEffect, http: HttpServer | undefined): FlowEffectResult {
  if (effect.kind === 'http_request') return http ? http(effect) : { kind: 'http_response', ok: false, error: 'no server in this test' };
  if (effect.kind === 'create_lead') return { kind: 'lead_created', leadId: 501 };
  return { kind: 'done' };
}
