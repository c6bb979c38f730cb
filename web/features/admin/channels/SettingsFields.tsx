'use client';

import { useTranslations } from 'next-intl';
import type { SettingsField } from '../../../../channels/settings-form';
import type { ChannelKind } from '../../../../domain/channels';
import { Field, FieldError, Input, Select, Switch, Textarea } from '../../ui';
import styles from './channels.module.css';
import type { SettingsValues } from './settings-values';

/**
 * A channel kind's settings drawn from its form description (channels/<kind>/settings.ts): one
 * labelled control per field, the server's error for `settings.<field>` under it. Secret fields
 * are password inputs; on edit, one left blank keeps the stored secret (its masked value shown).
 */
export function SettingsFields({
  kind,
  fields,
  values,
  maskedSecrets,
  errorOf,
  onChange,
}: {
  kind: ChannelKind;
  fields: readonly SettingsField[];
  values: SettingsValues;
  /** Present when editing: the stored secrets, masked. */
  maskedSecrets: Record<string, string> | null;
  errorOf: (field: string) => string | null;
  onChange: (name: string, value: string | boolean) => void;
}) {
  const t = useTranslations('channels.settings');
  const text = useFieldText(kind);
  return (
    <>
      {fields.map((field) => {
        const error = errorOf(`settings.${field.name}`);
        const value = values[field.name];
        const { label, help, option: optionLabel } = text(field);
        if (field.type === 'boolean') {
          return (
            <div key={field.name}>
              <Switch checked={value === true} label={label} onChange={(checked) => onChange(field.name, checked)} />
              {help && <p className={styles.muted}>{help}</p>}
              {error && <FieldError>{error}</FieldError>}
            </div>
          );
        }
        const typed = typeof value === 'string' ? value : '';
        const stored = field.type === 'secret' ? maskedSecrets?.[field.name] : undefined;
        // The label stays the form's own (a stable accessible name); "optional" goes in the hint.
        const hint = [field.required ? null : t('optional'), help, stored ? t('stored', { masked: stored }) : null].filter(Boolean).join(' ') || undefined;
        return (
          <Field key={field.name} label={label} hint={hint} error={error}>
            {(control) => {
              const common = { ...control, name: field.name, value: typed, required: field.required && !stored };
              if (field.type === 'select') {
                return (
                  <Select {...common} onChange={(e) => onChange(field.name, e.target.value)}>
                    {!field.required && <option value="">{t('default')}</option>}
                    {field.options?.map((option) => (
                      <option key={option.value} value={option.value}>
                        {optionLabel(option)}
                      </option>
                    ))}
                  </Select>
                );
              }
              if (field.type === 'textarea') return <Textarea {...common} rows={3} onChange={(e) => onChange(field.name, e.target.value)} />;
              if (field.type === 'secret') {
                return <Input {...common} type="password" autoComplete="new-password" placeholder={stored ? t('leaveBlank') : undefined} onChange={(e) => onChange(field.name, e.target.value)} />;
              }
              return <Input {...common} type={field.type === 'url' || field.type === 'email' || field.type === 'number' ? field.type : 'text'} onChange={(e) => onChange(field.name, e.target.value)} />;
            }}
          </Field>
        );
      })}
    </>
  );
}

/**
 * A field's label, help and options in the user's language: `channels.fields.<kind>.<field>.label`,
 * `.help`, `.options.<value>`. The kinds' forms (channels/<kind>/settings.ts) stay English for the
 * API; a text with no translation yet shows that English rather than a raw key.
 */
function useFieldText(kind: ChannelKind) {
  const t = useTranslations('channels.fields');
  // The key is built at run time from the kind's form, so it is checked here instead of by the compiler.
  const lookUp = t as unknown as { (key: string): string; has(key: string): boolean };
  const translated = (key: string, english: string) => (lookUp.has(key) ? lookUp(key) : english);
  return (field: SettingsField) => {
    const prefix = `${kind}.${field.name}`;
    return {
      label: translated(`${prefix}.label`, field.label),
      help: field.help ? translated(`${prefix}.help`, field.help) : undefined,
      option: (option: { value: string; label: string }) => translated(`${prefix}.options.${option.value}`, option.label),
    };
  };
}
