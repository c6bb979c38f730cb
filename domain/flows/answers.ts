import { isEmailAddress, normalizeEmail, normalizePhone } from '../crm';
import type { FlowNodeOf } from './document';

/**
 * Checks a client's answer to an ask node and turns it into the value stored in the node's variable
 * (SPEC §6: "e-mail/phone/number/date with validation and a retry text").
 */

export type AnswerResult = { ok: true; value: string } | { ok: false };

const rejected: AnswerResult = { ok: false };
const accepted = (value: string): AnswerResult => ({ ok: true, value });

export function validateAnswer(node: Pick<FlowNodeOf<'ask'>, 'answer' | 'choices'>, raw: string): AnswerResult {
  const text = raw.trim();
  if (text === '') return rejected;
  switch (node.answer) {
    case 'text':
      return accepted(text);
    case 'choice':
      return matchChoice(node.choices, text);
    case 'email':
      return isEmailAddress(text) ? accepted(normalizeEmail(text) ?? text) : rejected;
    case 'phone':
      return toResult(normalizePhoneAnswer(text));
    case 'number':
      return toResult(normalizeNumber(text));
    case 'date':
      return toResult(normalizeDate(text));
  }
}

function toResult(value: string | null): AnswerResult {
  return value === null ? rejected : accepted(value);
}

/** The chosen button's label: typed as its label or id (any case), or as its number in the list (1-based). */
function matchChoice(choices: readonly { id: string; label: string }[], text: string): AnswerResult {
  const typed = text.toLowerCase();
  const byName = choices.find((choice) => choice.label.trim().toLowerCase() === typed || choice.id.toLowerCase() === typed);
  const byNumber = /^\d+$/.test(text) ? choices[Number(text) - 1] : undefined;
  const choice = byName ?? byNumber;
  return choice ? accepted(choice.label) : rejected;
}

/** E.164 allows at most 15 digits. */
const MAX_PHONE_DIGITS = 15;

/** A phone as domain/crm.ts stores it; only phone characters may be typed ("call me at 123456" is not a phone). */
function normalizePhoneAnswer(text: string): string | null {
  if (!/^\+?[\d\s().-]+$/.test(text)) return null;
  const phone = normalizePhone(text);
  return phone !== null && phone.replace('+', '').length <= MAX_PHONE_DIGITS ? phone : null;
}

/**
 * A number typed the way people write them, as a plain decimal string: "1 234,5" → "1234.5",
 * "1,234.50" → "1234.5", "1.234.567" → "1234567", "-0,5" → "-0.5". With one separator kind only, a
 * single "," or "." is the decimal mark, except "1,234"-shaped input (a thousands group); repeated
 * separators are thousands groups. Null when it is not a number.
 */
export function normalizeNumber(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\u00a0\u202f']/g, '').replace(/^\u2212/, '-');
  const match = /^([+-]?)([\d.,]+)$/.exec(compact);
  if (!match) return null;
  const sign = match[1] === '-' ? '-' : '';
  const digits = plainDecimal(match[2] ?? '');
  if (digits === null) return null;
  const [whole = '', fraction = ''] = digits.split('.');
  const canonicalWhole = whole.replace(/^0+(?=\d)/, '');
  const canonicalFraction = fraction.replace(/0+$/, '');
  const number = canonicalFraction === '' ? canonicalWhole : `${canonicalWhole}.${canonicalFraction}`;
  return number === '0' ? '0' : `${sign}${number}`;
}

function plainDecimal(body: string): string | null {
  const decimalMark = decimalMarkOf(body);
  const [whole = '', fraction, ...rest] = decimalMark === null ? [body] : body.split(decimalMark);
  if (rest.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  if (whole.includes(',') && whole.includes('.')) return null;
  const groups = whole.split(/[.,]/);
  if (groups.length > 1 && !isThousandsGrouping(groups)) return null;
  const plainWhole = whole === '' && fraction !== undefined ? '0' : groups.join('');
  if (!/^\d+$/.test(plainWhole)) return null;
  return fraction === undefined ? plainWhole : `${plainWhole}.${fraction}`;
}

/** Which mark separates the fraction, or null when every mark groups thousands. */
function decimalMarkOf(body: string): ',' | '.' | null {
  const lastComma = body.lastIndexOf(',');
  const lastDot = body.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.';
  if (lastComma < 0 && lastDot < 0) return null;
  const mark = lastComma >= 0 ? ',' : '.';
  if (body.indexOf(mark) !== body.lastIndexOf(mark)) return null;
  // "1,234" is how English writes a thousand; "1,5" and "12,75" are decimals.
  if (mark === ',' && /^[1-9]\d{0,2},\d{3}$/.test(body)) return null;
  return mark;
}

/** "1", "234", "567": a first group of 1–3 digits, then groups of exactly 3. */
function isThousandsGrouping(groups: string[]): boolean {
  return groups.every((group, index) => (index === 0 ? /^\d{1,3}$/.test(group) : /^\d{3}$/.test(group)));
}

/** A date as ISO YYYY-MM-DD, from "2024-03-09", "9.3.2024", "09/03/2024" (day first); null unless it is a real date. */
export function normalizeDate(raw: string): string | null {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dayFirst = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
