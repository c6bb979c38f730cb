import type { LineSettings } from './line-settings';

/**
 * When the dialog workflow must act on its own (SPEC §3, §4 rule 8):
 * - no-answer: no operator has answered since the dialog began (or since it was last returned to
 *   the queue) for the no-answer time → send the "please wait" text once, or return to the queue;
 * - auto-close: the operator wrote last and the client stayed silent for the auto-close time;
 * - expiry: the client has waited for an operator answer that never came → archived, no rating.
 * Times are ISO strings: this runs in the workflow, where everything crossing a boundary is JSON.
 */
export type DeadlineKind = 'no_answer' | 'auto_close' | 'expiry';

export interface ConversationClock {
  /** When the no-answer time started counting (dialog start, or the last return to the queue); null once an operator answered. */
  noAnswerSince: string | null;
  /** The no-answer rule already acted for this `noAnswerSince`. */
  noAnswerHandled: boolean;
  /** The client's earliest message that no operator message followed; null when the operator wrote last. */
  unansweredSince: string | null;
  /** The last operator message, when the operator wrote last; null otherwise. */
  operatorWroteLastAt: string | null;
}

export interface Deadline {
  kind: DeadlineKind;
  at: string;
}

export function nextDeadline(settings: Pick<LineSettings, 'noAnswer' | 'autoClose' | 'expiry'>, clock: ConversationClock): Deadline | null {
  const candidates: Deadline[] = [];
  if (clock.noAnswerSince && !clock.noAnswerHandled && settings.noAnswer.action !== 'nothing') {
    candidates.push({ kind: 'no_answer', at: plusMinutes(clock.noAnswerSince, settings.noAnswer.minutes) });
  }
  if (clock.unansweredSince) {
    candidates.push({ kind: 'expiry', at: plusMinutes(clock.unansweredSince, settings.expiry.afterMinutes) });
  }
  if (clock.operatorWroteLastAt && settings.autoClose.enabled) {
    candidates.push({ kind: 'auto_close', at: plusMinutes(clock.operatorWroteLastAt, settings.autoClose.afterMinutes) });
  }
  let earliest: Deadline | null = null;
  for (const candidate of candidates) {
    if (earliest === null || Date.parse(candidate.at) < Date.parse(earliest.at)) earliest = candidate;
  }
  return earliest;
}

function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
