import type { ChannelKind } from '../../../../domain/channels';
import type { FlowKind } from '../../../../domain/flows/document';
import type { FlowEffect, FlowEffectResult, FlowFacts, FlowOutcome } from '../../../../domain/flows/runtime';
import type { FlowNames, FlowsTranslator } from '../node-kinds';

/**
 * The simulator's pure parts: the facts an admin sets in the form, what each effect does in a
 * simulation (nothing leaves the browser except a real HTTP call the admin asks for), and how an
 * outcome reads.
 */

/** The facts form: what conditions and templates see about the (pretend) dialog. */
export interface SimulatorFacts {
  channel: ChannelKind;
  name: string;
  email: string;
  phone: string;
  known: boolean;
  /** Comma-separated. */
  tags: string;
  language: string;
  responsibleUserId: string;
  responsibleAvailable: boolean;
  withinWorkingHours: boolean;
  /** "HH:MM", the line's local time. */
  time: string;
}

export const defaultSimulatorFacts: SimulatorFacts = {
  channel: 'widget',
  name: 'Alex Client',
  email: '',
  phone: '',
  known: false,
  tags: '',
  language: 'en',
  responsibleUserId: '',
  responsibleAvailable: true,
  withinWorkingHours: true,
  time: '10:00',
};

/** What the flow changed about the contact during this run (set contact field, set tag). */
export interface ContactChanges {
  name?: string;
  email?: string;
  phone?: string;
  addedTags: string[];
}

export const noContactChanges: ContactChanges = { addedTags: [] };

export function toFlowFacts(form: SimulatorFacts, changes: ContactChanges, lastMessage: string, today: Date = new Date()): FlowFacts {
  const [hours = 0, minutes = 0] = form.time.split(':').map(Number);
  const now = new Date(today);
  now.setHours(hours, minutes, 0, 0);
  const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  const tags = form.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return {
    channel: form.channel,
    contact: {
      name: blankToNull(changes.name ?? form.name),
      email: blankToNull(changes.email ?? form.email),
      phone: blankToNull(changes.phone ?? form.phone),
      known: form.known,
      responsibleUserId: blankToNull(form.responsibleUserId),
      responsibleAvailable: form.responsibleAvailable,
      tags: [...new Set([...tags, ...changes.addedTags])],
      language: blankToNull(form.language),
    },
    lastMessage,
    now: now.toISOString(),
    localTime: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`,
    withinWorkingHours: form.withinWorkingHours,
  };
}

export type TranscriptEntry =
  | { from: 'bot'; text: string; buttons: { id: string; label: string }[]; attachments: { url: string; name: string }[] }
  | { from: 'client'; text: string }
  | { from: 'event'; text: string; tone?: 'error' };

/** The simulated lead id that create_lead gives back. */
export const SIMULATED_LEAD_ID = 1;

/** Every effect but HTTP, done in the simulation: the transcript line, the result, the contact as changed. */
export function simulateEffect(effect: Exclude<FlowEffect, { kind: 'http_request' }>, changes: ContactChanges, t: FlowsTranslator): { entry: TranscriptEntry; result: FlowEffectResult; changes: ContactChanges } {
  const done: FlowEffectResult = { kind: 'done' };
  switch (effect.kind) {
    case 'send_message':
      return { entry: { from: 'bot', text: effect.text, buttons: effect.buttons, attachments: effect.attachments }, result: done, changes };
    case 'set_contact_field':
      return { entry: { from: 'event', text: t('simulator.events.contactSet', { field: t(`contactFields.${effect.field}`).toLowerCase(), value: effect.value }) }, result: done, changes: { ...changes, [effect.field]: effect.value } };
    case 'create_lead':
      return { entry: { from: 'event', text: t('simulator.events.leadCreated', { title: effect.title }) }, result: { kind: 'lead_created', leadId: SIMULATED_LEAD_ID }, changes };
    case 'set_priority':
      return { entry: { from: 'event', text: t('simulator.events.prioritySet', { priority: String(effect.priority) }) }, result: done, changes };
    case 'set_tag':
      return { entry: { from: 'event', text: t('simulator.events.tagged', { tag: effect.tag }) }, result: done, changes: { ...changes, addedTags: [...changes.addedTags, effect.tag] } };
  }
}

export function describeHttpResult(result: FlowEffectResult, t: FlowsTranslator): TranscriptEntry {
  if (result.kind !== 'http_response') return { from: 'event', text: t('simulator.events.requestDone') };
  if (!result.ok) return { from: 'event', text: t('simulator.events.requestFailed', { error: result.error }), tone: 'error' };
  const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return { from: 'event', text: t('simulator.events.httpResult', { status: String(result.status), body: body.length > 160 ? `${body.slice(0, 160)}…` : body }), tone: result.status >= 400 ? 'error' : undefined };
}

/** The response the admin chose: a status and a JSON body, checked before it is used. */
export function parseChosenResponse(status: string, body: string, t: FlowsTranslator): { ok: true; result: FlowEffectResult } | { ok: false; statusError: string | null; bodyError: string | null } {
  const code = Number(status);
  const statusError = Number.isInteger(code) && code >= 100 && code <= 599 ? null : t('simulator.statusError');
  let parsed: unknown = null;
  let bodyError: string | null = null;
  if (body.trim() !== '') {
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      bodyError = t('simulator.bodyError', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (statusError || bodyError) return { ok: false, statusError, bodyError };
  return { ok: true, result: { kind: 'http_response', ok: true, status: code, body: parsed } };
}

export function describeOutcome(outcome: FlowOutcome, flowKind: FlowKind, names: FlowNames, nodeTitleOf: (nodeId: string) => string, t: FlowsTranslator): string {
  switch (outcome.kind) {
    case 'handoff': {
      const line = outcome.lineId === null ? t('simulator.outcomes.thisLine') : (names.lines.get(outcome.lineId) ?? t('simulator.outcomes.unknownLine', { id: String(outcome.lineId) }));
      return outcome.mode ? t('simulator.outcomes.handoffMode', { line, mode: t(`distribution.${outcome.mode}`) }) : t('simulator.outcomes.handoff', { line });
    }
    case 'assign':
      return t('simulator.outcomes.assigned', { user: names.users.get(outcome.userId) ?? t('simulator.outcomes.unknownUser', { id: outcome.userId }) });
    case 'close':
      return t('simulator.outcomes.closed');
    case 'switch_flow':
      return t('simulator.outcomes.continues', { flow: names.flows.get(outcome.flowId) ?? t('simulator.outcomes.unknownFlow', { id: String(outcome.flowId) }) });
    case 'finished':
      return flowKind === 'bot' ? t('simulator.outcomes.finishedBot') : t('simulator.outcomes.finishedRouting');
    case 'failed':
      // The interpreter's reason is English (it is logged with the dialog too).
      return t('simulator.outcomes.failed', { node: nodeTitleOf(outcome.nodeId), reason: outcome.reason });
  }
}
