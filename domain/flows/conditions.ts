import { normalizeNumber } from './answers';
import { assertNever, type ConditionRule, type ConditionSubject, type FlowNodeOf } from './document';
import type { FlowFacts } from './runtime';
import { testRegex } from './safe-regex';
import { renderTemplate, templateScope } from './templates';

/**
 * Condition nodes (SPEC §6): rules over variables, contact fields, channel, time, working hours and
 * the client's message, joined by AND (`all`) or OR (`any`).
 *
 * - equals / not_equals ignore case and surrounding spaces; contains ignores case.
 * - is_set means "has a non-blank value".
 * - greater / less compare numbers when both sides are numbers ("1 234,5" counts), times of day for
 *   the time subject ("9:30" < "10:00"), and text otherwise; a blank subject is neither.
 * - Yes/no subjects (working hours, contact known, has responsible, tag) read as "true"/"false":
 *   `equals "true"` or `is_set` asks "yes?"; an empty value with equals means "true" too.
 * - A rule whose value template reads a variable that is not set does not hold.
 */
export function evaluateCondition(node: Pick<FlowNodeOf<'condition'>, 'match' | 'rules'>, facts: FlowFacts, variables: Readonly<Record<string, string>>): boolean {
  const holds = (rule: ConditionRule) => evaluateRule(rule, facts, variables);
  return node.match === 'all' ? node.rules.every(holds) : node.rules.some(holds);
}

export function evaluateRule(rule: ConditionRule, facts: FlowFacts, variables: Readonly<Record<string, string>>): boolean {
  const rendered = renderTemplate(rule.value, templateScope(facts, variables));
  if (!rendered.ok) return false;
  const subject = subjectValue(rule.subject, facts, variables);
  if (typeof subject === 'boolean') return compareYesNo(subject, rule.operator, rendered.text);
  return compare(subject, rule.operator, rendered.text, rule.subject.source === 'time');
}

/** The subject's current value: text (null when unknown) or, for yes/no subjects, a boolean. */
function subjectValue(subject: ConditionSubject, facts: FlowFacts, variables: Readonly<Record<string, string>>): string | null | boolean {
  switch (subject.source) {
    case 'variable':
      return Object.hasOwn(variables, subject.key) ? (variables[subject.key] ?? null) : null;
    case 'contact':
      return facts.contact[subject.key];
    case 'channel':
      return facts.channel;
    case 'time':
      return facts.localTime;
    case 'message':
      return facts.lastMessage;
    case 'language':
      return facts.contact.language;
    case 'working_hours':
      return facts.withinWorkingHours;
    case 'contact_known':
      return facts.contact.known;
    case 'has_responsible':
      return facts.contact.responsibleUserId !== null;
    case 'tag': {
      const tag = normalized(subject.key);
      return facts.contact.tags.some((contactTag) => normalized(contactTag) === tag);
    }
    default:
      return assertNever(subject);
  }
}

function compareYesNo(actual: boolean, operator: ConditionRule['operator'], value: string): boolean {
  switch (operator) {
    case 'is_set':
      return actual;
    case 'not_set':
      return !actual;
    case 'equals':
    case 'not_equals': {
      const expected = ['', 'true', 'yes'].includes(normalized(value));
      return operator === 'equals' ? actual === expected : actual !== expected;
    }
    default:
      return compare(String(actual), operator, value, false);
  }
}

function compare(actual: string | null, operator: ConditionRule['operator'], value: string, isTimeOfDay: boolean): boolean {
  const text = actual ?? '';
  switch (operator) {
    case 'equals':
      return normalized(text) === normalized(value);
    case 'not_equals':
      return normalized(text) !== normalized(value);
    case 'contains':
      return text.toLowerCase().includes(value.trim().toLowerCase());
    case 'regex':
      return testRegex(value, text);
    case 'is_set':
      return text.trim() !== '';
    case 'not_set':
      return text.trim() === '';
    // Nothing is greater or less than a missing value.
    case 'greater':
      return text.trim() !== '' && order(text, value, isTimeOfDay) > 0;
    case 'less':
      return text.trim() !== '' && order(text, value, isTimeOfDay) < 0;
    default:
      return assertNever(operator);
  }
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
function order(a: string, b: string, isTimeOfDay: boolean): number {
  const [numberA, numberB] = [normalizeNumber(a), normalizeNumber(b)];
  if (numberA !== null && numberB !== null) return Number(numberA) - Number(numberB);
  const [minutesA, minutesB] = [minutesOfDay(a), minutesOfDay(b)];
  if (isTimeOfDay && minutesA !== null && minutesB !== null) return minutesA - minutesB;
  // Plain code-unit order: the same in the workflow and in the browser, whatever their locale.
  const [textA, textB] = [normalized(a), normalized(b)];
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

function minutesOfDay(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

function normalized(text: string): string {
  return text.trim().toLowerCase();
}
