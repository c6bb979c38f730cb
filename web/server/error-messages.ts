import { z } from 'zod';
import { errorTranslator, isErrorMessage, type ErrorMessage, type ErrorTranslator } from '../../domain/error-messages';
import type { AppError } from '../../domain/errors';
import type { Locale } from '../../domain/locale';
import { messagesByLocale } from '../i18n/messages';

/**
 * What the server says to staff, in their language (used by the tRPC error formatter). English is
 * what the code produced; every other language is rendered from the `errors` catalogue:
 * - an AppError made from a catalogue key is rendered from that key;
 * - any other English text (a dialog refusal the workflow answered, a domain schema's message, a
 *   plain AppError or TRPCError) is looked up among the English catalogue's texts — its
 *   {placeholders} matched back to values — and rendered from the key found;
 * - zod's own messages (no custom text) are rendered by zod's locale for the language.
 * A text found nowhere stays English.
 */

type Catalogue = { [key: string]: string | Catalogue };

function flatten(catalogue: Catalogue, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(path, value);
    else flatten(value, path, into);
  }
  return into;
}

const textsByLocale = Object.fromEntries(
  Object.entries(messagesByLocale).map(([locale, messages]) => [locale, flatten(messages.errors as unknown as Catalogue)]),
) as Record<Locale, Map<string, string>>;

/** An English catalogue text turned back into its key and values: "Dialog #{dialogId} does not exist." → /^Dialog #(.+?) does not exist\.$/. */
interface EnglishPattern {
  key: string;
  regex: RegExp;
  names: string[];
  /** More literal text first, so "must be at most {max} characters" wins over a shorter look-alike. */
  literalLength: number;
}

const ARGUMENT = /\{(\w+)\}/g;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const englishExact = new Map<string, string>();
const englishPatterns: EnglishPattern[] = [];
for (const [key, text] of textsByLocale.en) {
  // Plurals, selects and quoted braces are rendered differently from how they are written: such a
  // text is translated only when thrown by key.
  if (/\{\w+,|'[{}]/.test(text)) continue;
  const names = [...text.matchAll(ARGUMENT)].map((match) => match[1] as string);
  if (names.length === 0) {
    englishExact.set(text, key);
    continue;
  }
  const literals = text.split(ARGUMENT).filter((_, i) => i % 2 === 0);
  englishPatterns.push({
    key,
    names,
    regex: new RegExp(`^${literals.map(escapeRegex).join('([\\s\\S]+?)')}$`),
    literalLength: literals.join('').length,
  });
}
englishPatterns.sort((a, b) => b.literalLength - a.literalLength);

/** The catalogue message an English text was rendered from, or null. Values that are catalogue texts themselves become messages. */
export function errorMessageOfEnglish(text: string, depth = 0): ErrorMessage | null {
  const exact = englishExact.get(text);
  if (exact) return { key: exact as ErrorMessage['key'] };
  for (const pattern of englishPatterns) {
    const match = pattern.regex.exec(text);
    if (!match) continue;
    const values: Record<string, string | ErrorMessage> = {};
    pattern.names.forEach((name, i) => {
      const value = match[i + 1] ?? '';
      values[name] = (depth < 2 && errorMessageOfEnglish(value, depth + 1)) || value;
    });
    return { key: pattern.key as ErrorMessage['key'], values };
  }
  return null;
}

const translators = new Map<Locale, ErrorTranslator>();
function translatorFor(locale: Locale): ErrorTranslator {
  let translator = translators.get(locale);
  if (!translator) {
    translator = errorTranslator(locale, messagesByLocale[locale].errors);
    translators.set(locale, translator);
  }
  return translator;
}

/**
 * Renders a catalogue message in `locale`. A value given as digits ("24") becomes a number where
 * that language's text counts it ({hours, plural, …}), so an English text may keep ids and sizes
 * unformatted while Russian still picks the right plural form.
 */
export function renderInLocale(message: ErrorMessage, locale: Locale): string {
  const text = textsByLocale[locale].get(message.key) ?? '';
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) {
    if (isErrorMessage(value)) values[name] = renderInLocale(value, locale);
    else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) && new RegExp(`\\{${name},\\s*(plural|selectordinal|number)`).test(text)) values[name] = Number(value);
    else values[name] = value;
  }
  return translatorFor(locale)(message.key, values);
}

/** An English text the server produced, in `locale` (unchanged when it is not a catalogue text). */
export function translateServerText(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const message = errorMessageOfEnglish(text);
  return message ? renderInLocale(message, locale) : text;
}

/** An AppError's message in `locale`. */
export function appErrorMessageIn(error: AppError, locale: Locale): string {
  if (locale === 'en') return error.message;
  return error.catalogueMessage ? renderInLocale(error.catalogueMessage, locale) : translateServerText(error.message, locale);
}

const zodLocales: Record<Locale, { localeError: (issue: never) => unknown }> = { en: z.locales.en(), ru: z.locales.ru() };

interface Issue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

/** The raw input at an issue's path (zod keeps no input on an issue; zod's own messages name its type). */
function inputAt(input: unknown, path: Issue['path']): unknown {
  let value = input;
  for (const part of path ?? []) {
    const key = typeof part === 'object' ? part.key : part;
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * A schema issue's message in `locale`: a catalogue text (a domain schema's own message) from the
 * catalogue, zod's own English message from zod's locale, anything else unchanged.
 */
export function issueMessageIn(issue: Issue, procedureInput: unknown, locale: Locale): string {
  if (locale === 'en') return issue.message;
  const message = errorMessageOfEnglish(issue.message);
  if (message) return renderInLocale(message, locale);
  const raw = { ...issue, input: inputAt(procedureInput, issue.path) } as never;
  const english = zodLocales.en.localeError(raw);
  if (english !== issue.message) return issue.message;
  const translated = zodLocales[locale].localeError(raw);
  return typeof translated === 'string' ? translated : issue.message;
}
