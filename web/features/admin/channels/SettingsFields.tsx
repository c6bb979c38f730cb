'use client';

import type { SettingsField } from '../../../../channels/settings-form';
import { Field, FieldError, Input, Select, Switch, Textarea } from '../../ui';
import styles from './channels.module.css';
import type { SettingsValues } from './settings-values';

/**
 * A channel kind's settings drawn from its form description (channels/<kind>/settings.ts): one
 * labelled control per field, the server's error for `settings.<field>` under it. Secret fields
 * are password inputs; on edit, one left blank keeps the stored secret (its masked value shown).
 */
export function SettingsFields({
  fields,
  values,
  maskedSecrets,
  errorOf,
  onChange,
}: {
  fields: readonly SettingsField[];
  values: SettingsValues;
  /** Present when editing: the stored secrets, masked. */
  maskedSecrets: Record<string, string> | null;
  errorOf: (field: string) => string | null;
  onChange: (name: string, value: string | boolean) => void;
}) {
  return (
    <>
      {fields.map((field) => {
        const error = errorOf(`settings.${field.name}`);
        const value = values[field.name];
        if (field.type === 'boolean') {
          return (
            <div key={field.name}>
              <Switch checked={value === true} label={field.label} onChange={(checked) => onChange(field.name, checked)} />
              {field.help && <p className={styles.muted}>{field.help}</p>}
              {error && <FieldError>{error}</FieldError>}
            </div>
          );
        }
        const text = typeof value === 'string' ? value : '';
        const stored = field.type === 'secret' ? maskedSecrets?.[field.name] : undefined;
        // The label stays the form's own (a stable accessible name); "optional" goes in the hint.
        const hint = [field.required ? null : 'Optional.', field.help, stored ? `Stored: ${stored}. Leave blank to keep it.` : null].filter(Boolean).join(' ') || undefined;
        return (
          <Field key={field.name} label={field.label} hint={hint} error={error}>
            {(control) => {
              const common = { ...control, name: field.name, value: text, required: field.required && !stored };
              if (field.type === 'select') {
                return (
                  <Select {...common} onChange={(e) => onChange(field.name, e.target.value)}>
                    {!field.required && <option value="">Default</option>}
                    {field.options?.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </Select>
                );
              }
              if (field.type === 'textarea') return <Textarea {...common} rows={3} onChange={(e) => onChange(field.name, e.target.value)} />;
              if (field.type === 'secret') {
                return <Input {...common} type="password" autoComplete="new-password" placeholder={stored ? 'Leave blank to keep' : undefined} onChange={(e) => onChange(field.name, e.target.value)} />;
              }
              return <Input {...common} type={field.type === 'url' || field.type === 'email' || field.type === 'number' ? field.type : 'text'} onChange={(e) => onChange(field.name, e.target.value)} />;
            }}
          </Field>
        );
      })}
    </>
  );
}
