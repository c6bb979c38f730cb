import type { createFormatter, createTranslator } from 'next-intl';
import type { z } from 'zod';
import type { Messages } from '../../../i18n/messages';

/** The widget's texts: useTranslations('widget') in a component, createTranslator on the server or in a test. */
export type WidgetTranslator = ReturnType<typeof createTranslator<Messages, 'widget'>>;

/** "20 MB" / "20 МБ": a file size in the chat's language. */
export function formatSize(bytes: number, format: ReturnType<typeof createFormatter>): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return format.number(value, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: value >= 10 ? 0 : 1 });
}

/**
 * What is wrong with one answer of the visitor's form (a detail or the message), as a sentence in
 * the chat's language naming the field: the browser shows it at the field, the API returns it in
 * `fieldErrors`. Client-safe: the form and the server word a problem the same way.
 */
export type VisitorField = 'name' | 'email' | 'phone' | 'text';

export function visitorProblemText(field: VisitorField, issue: z.core.$ZodIssue | 'required', t: WidgetTranslator): string {
  const label = t(`form.fields.${field}`);
  if (issue === 'required' || issue.message === 'is required' || issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.input === undefined)) {
    return t('form.problems.required', { field: label });
  }
  if (issue.code === 'too_big') return t('form.problems.tooLong', { field: label, max: Number(issue.maximum) });
  if (field === 'email') return t('form.problems.invalidEmail', { field: label });
  if (field === 'phone') return t('form.problems.invalidPhone', { field: label });
  return t('form.problems.invalid', { field: label });
}

export function isVisitorField(field: string): field is VisitorField {
  return field === 'name' || field === 'email' || field === 'phone' || field === 'text';
}
