import { createTranslator } from 'use-intl/core';
import english from '../web/i18n/messages/en/errors.json';
import type { Locale } from './locale';

/**
 * The texts staff read when the server refuses something (AppError messages, dialog refusals, the
 * custom messages of domain schemas) are written once, in the `errors` catalogue
 * (web/i18n/messages/{en,ru}/errors.json), English and Russian side by side. Code names a text by
 * its key; this module renders the English one — what the API, logs, the CLI and workflow
 * histories carry. The tRPC error formatter (web/server/error-messages.ts) renders the same key in
 * the signed-in user's language.
 */

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A text of the `errors` catalogue: 'staff.emailTaken', 'dialog.closed', … */
export type ErrorMessageKey = Leaves<typeof english>;

/**
 * What fills a text's {placeholders}. Pass ids and sizes as strings unless the text needs a
 * number (a plural): a number is formatted for the language ("1,024" in English).
 * A value may itself be a message, rendered in the same language ("did not confirm {what}").
 */
export type ErrorMessageValues = { [name: string]: string | number | ErrorMessage };

/** A catalogue text with its values, not yet rendered in a language. */
export interface ErrorMessage {
  readonly key: ErrorMessageKey;
  readonly values?: ErrorMessageValues;
}

/** Names a catalogue text: `errorMessage('staff.emailTaken', { email })`. */
export function errorMessage(key: ErrorMessageKey, values?: ErrorMessageValues): ErrorMessage {
  return values ? { key, values } : { key };
}

export function isErrorMessage(value: unknown): value is ErrorMessage {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}

/** A translator over one language's `errors` catalogue (the same shape as the English one). */
export type ErrorTranslator = (key: string, values?: Record<string, string | number>) => string;

export function errorTranslator(locale: Locale, catalogue: typeof english): ErrorTranslator {
  const translate = createTranslator({
    locale,
    messages: { errors: catalogue },
    namespace: 'errors',
    // A key missing from a catalogue is a programming error the types and the catalogue test catch.
    onError: (error) => {
      throw error;
    },
  });
  return (key, values) => (translate as unknown as ErrorTranslator)(key, values);
}

/** Renders a message (and the messages among its values) with a translator. */
export function renderErrorMessage(message: ErrorMessage, translate: ErrorTranslator): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) {
    values[name] = isErrorMessage(value) ? renderErrorMessage(value, translate) : value;
  }
  return translate(message.key, values);
}

const translateEnglish = errorTranslator('en', english);

/** The English text of a catalogue message. */
export function englishErrorText(key: ErrorMessageKey, values?: ErrorMessageValues): string {
  return renderErrorMessage(errorMessage(key, values), translateEnglish);
}
