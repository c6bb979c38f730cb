import type { SettingsField } from '../../../../channels/settings-form';

/** What the form holds per field: text for inputs, a flag for checkboxes. */
export type SettingsValues = Record<string, string | boolean>;

/**
 * The form's starting values: the stored public settings, and every secret blank (the server
 * keeps a stored secret that comes back blank).
 */
export function initialValues(fields: readonly SettingsField[], stored: Record<string, unknown> = {}): SettingsValues {
  const values: SettingsValues = {};
  for (const field of fields) {
    const value = stored[field.name];
    if (field.type === 'boolean') values[field.name] = value === true;
    else if (field.type === 'secret') values[field.name] = '';
    else if (Array.isArray(value)) values[field.name] = value.join('\n');
    else if (value !== undefined && value !== null) values[field.name] = String(value);
    else values[field.name] = field.type === 'select' && field.required ? (field.options?.[0]?.value ?? '') : '';
  }
  return values;
}

/**
 * What is sent: numbers as numbers (a value that is not one goes as typed, so the server names
 * the field), blanks as blanks (unset: the kind's default applies, a secret stays as stored).
 */
export function submittedValues(fields: readonly SettingsField[], values: SettingsValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.type === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) out[field.name] = Number(value);
    else out[field.name] = value;
  }
  return out;
}
