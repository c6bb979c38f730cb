import type { LineSettings } from './line-settings';

/**
 * When the dialog workflow must act on its own (SPEC §3, §4 rule 8):
 * - no-answer: no operator has answered since the dialog began (or since it was last returned to
 *   the queue) for the no-answer time → send the "please wait" text once, or return to the queue;
 * - auto-close: the operator wrote last and the client stayed silent for the auto-close time;
 * - expiry: the client has waited for an operator answer that never came → archived, no rating;
 * - KPI (SPEC §3): the client has waited longer than the first-answer limit (no operator answered
 *   yet in this dialog) or the further-answer limit (one did) → one alert per waiting period.
 * Times are ISO strings: this runs in the workflow, where everything crossing a boundary is JSON.
 */
export type DeadlineKind = 'no_answer' | 'auto_close' | 'expiry' | 'kpi_first_answer' | 'kpi_further_answer';

export interface ConversationClock {
  /** When the no-answer time started counting (dialog start, or the last return to the queue); null once an operator answered. */
  noAnswerSince: string | null;
  /** The no-answer rule already acted for this `noAnswerSince`. */
  noAnswerHandled: boolean;
  /** The client's earliest message that no operator message followed; null when the operator wrote last. */
  unansweredSince: string | null;
  /** The last operator message, when the operator wrote last; null otherwise. */
  operatorWroteLastAt: string | null;
  /** An operator has answered in this dialog (the first answer is given; later waits are "further"). */
  operatorAnswered: boolean;
  /** The waiting period (its `unansweredSince`) a KPI alert was already raised for. */
  kpiAlertedFor: string | null;
}

export interface Deadline {
  kind: DeadlineKind;
  at: string;
}

export function nextDeadline(settings: Pick<LineSettings, 'noAnswer' | 'autoClose' | 'expiry' | 'kpi'>, clock: ConversationClock): Deadline | null {
  const candidates: Deadline[] = [];
  if (clock.noAnswerSince && !clock.noAnswerHandled && settings.noAnswer.action !== 'nothing') {
    candidates.push({ kind: 'no_answer', at: plusMinutes(clock.noAnswerSince, settings.noAnswer.minutes) });
  }
  if (clock.unansweredSince) {
    candidates.push({ kind: 'expiry', at: plusMinutes(clock.unansweredSince, settings.expiry.afterMinutes) });
  }
  const kpiLimit = clock.operatorAnswered ? settings.kpi.furtherAnswer : settings.kpi.firstAnswer;
  if (clock.unansweredSince && clock.kpiAlertedFor !== clock.unansweredSince && kpiLimit.enabled) {
    candidates.push({
      kind: clock.operatorAnswered ? 'kpi_further_answer' : 'kpi_first_answer',
      at: plusMinutes(clock.unansweredSince, kpiLimit.minutes),
    });
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

/** The same action at the same moment (or both none). */
export function sameDeadline(a: Deadline | null, b: Deadline | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.at === b.at);
}

function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
