import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from './dialog';
import { MAX_FILES_PER_MESSAGE } from './files';
import { englishErrorText } from './error-messages';

/**
 * Quick answers (SPEC §5): saved replies an operator inserts by typing "/" in the reply box. What a
 * valid one is, who sees which, and how its placeholders are filled — shared by the admin page, the
 * server and the inbox's picker.
 */

export const MAX_QUICK_ANSWER_TITLE_LENGTH = 100;
/** The filled text must still fit in one message. */
export const MAX_QUICK_ANSWER_TEXT_LENGTH = MAX_MESSAGE_LENGTH;
/** The picker shows this many matches at most. */
export const QUICK_ANSWER_PICKER_LIMIT = 8;

export const quickAnswerTitleSchema = z
  .string({ error: englishErrorText('field.text') })
  .trim()
  .min(1, englishErrorText('quickAnswers.titleRequired'))
  .max(MAX_QUICK_ANSWER_TITLE_LENGTH, englishErrorText('quickAnswers.titleTooLong', { max: String(MAX_QUICK_ANSWER_TITLE_LENGTH) }));

export const quickAnswerTextSchema = z
  .string({ error: englishErrorText('field.text') })
  .trim()
  .min(1, englishErrorText('quickAnswers.textRequired'))
  .max(MAX_QUICK_ANSWER_TEXT_LENGTH, englishErrorText('quickAnswers.textTooLong', { max: String(MAX_QUICK_ANSWER_TEXT_LENGTH) }));

/** A quick answer as an admin or supervisor saves it. `lineId` null: for every line. */
export const quickAnswerInputSchema = z.object({
  title: quickAnswerTitleSchema,
  text: quickAnswerTextSchema,
  lineId: z.number({ error: englishErrorText('quickAnswers.lineId') }).int().positive().nullable(),
  fileIds: z
    .array(z.number().int().positive(), { error: englishErrorText('quickAnswers.fileIds') })
    .max(MAX_FILES_PER_MESSAGE, englishErrorText('quickAnswers.tooManyFiles', { max: String(MAX_FILES_PER_MESSAGE) }))
    .refine((ids) => new Set(ids).size === ids.length, englishErrorText('quickAnswers.sameFileTwice'))
    .default([]),
});
export type QuickAnswerInput = z.infer<typeof quickAnswerInputSchema>;

/** A search as typed: at most 100 characters are looked at. */
export const quickAnswerSearchSchema = z.string().trim().max(100, englishErrorText('field.maxChars', { max: '100' })).default('');

export const quickAnswerPlaceholders = ['client.name', 'operator.name', 'line.name'] as const;
export type QuickAnswerPlaceholder = (typeof quickAnswerPlaceholders)[number];

export const placeholderDescriptions: Record<QuickAnswerPlaceholder, string> = {
  'client.name': "the client's name",
  'operator.name': 'the name the client sees for the operator',
  'line.name': "the line's name",
};

/** What the placeholders stand for in one dialog; null or blank: not known. */
export type PlaceholderValues = Partial<Record<QuickAnswerPlaceholder, string | null>>;

function isPlaceholder(name: string): name is QuickAnswerPlaceholder {
  return (quickAnswerPlaceholders as readonly string[]).includes(name);
}

/**
 * The text with its placeholders filled. An unknown value is left out together with the spacing
 * and punctuation that only made sense around it ("Hello, {client.name}!" → "Hello!",
 * "{client.name}, thanks" → "Thanks"), so a greeting never reads "Hello, undefined!" or shows a
 * brace to the client. Unknown placeholders (a typo such as `{client.nmae}`) stay as written so
 * the operator sees and fixes them before sending.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/\{([a-z]+\.[a-z]+)\}/gi)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!isPlaceholder(name)) continue;
    const start = match.index;
    const end = start + match[0].length;
    const value = values[name]?.trim();
    out += text.slice(last, start);
    last = end;
    if (value) {
      out += value;
      continue;
    }
    const after = text.slice(end);
    if (/(^|\n)[ \t]*$/.test(out)) {
      // Opening a line: its separator goes too, and the line still starts with a capital.
      const separator = /^[ \t]*[,:;]?[ \t]*/.exec(after)?.[0] ?? '';
      last = end + separator.length;
      const first = text.charAt(last);
      if (first && /\p{Ll}/u.test(first)) {
        out += first.toUpperCase();
        last += 1;
      }
    } else if (/^[ \t]*([,.!?;:)]|\n|$)/.test(after)) {
      // Closing a phrase: no space before the punctuation, and no comma before a full stop.
      out = out.replace(/[ \t]+$/, '');
      if (/^[ \t]*[.!?]/.test(after)) out = out.replace(/[ \t]*[,;:]$/, '');
      last = end + (/^[ \t]*/.exec(after)?.[0].length ?? 0);
    } else if (/[ \t]$/.test(out)) {
      // Between words: one space stays.
      last = end + (/^[ \t]*/.exec(after)?.[0].length ?? 0);
    }
  }
  return out + text.slice(last);
}

/** A quick answer of `lineId` (null: everyone's) is offered in dialogs of `dialogLineId`. */
export function isQuickAnswerAvailableIn(quickAnswer: { lineId: number | null }, dialogLineId: number): boolean {
  return quickAnswer.lineId === null || quickAnswer.lineId === dialogLineId;
}

/**
 * The word being typed at the caret when it starts with "/" (at the start of the text or after a
 * space or line break): the picker's search, or null when no picker should be open.
 */
export function slashQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { query, start: caret - query.length - 1 };
}
