'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type ReactNode } from 'react';
import { Field, Input } from '../ui';
import styles from './actions.module.css';

export interface PickOption {
  id: string;
  label: string;
  /** Shown under the label (and read as part of the option). */
  hint?: ReactNode;
  /** Shown before the label (an avatar, a status dot). */
  icon?: ReactNode;
}

/**
 * A searchable single choice (radio buttons, so arrow keys move between options): operators to
 * transfer to or invite, lines to transfer to. The search keeps the chosen option if it still matches.
 */
export function PickList({
  legend,
  name,
  options,
  value,
  onChange,
  searchLabel,
  emptyText,
}: {
  legend: string;
  name: string;
  options: PickOption[];
  value: string | null;
  onChange: (id: string) => void;
  /** Shows a search box above the list. */
  searchLabel?: string;
  emptyText: string;
}) {
  const [query, setQuery] = useState('');
  const t = useTranslations('inbox.pickList');
  const id = useId();
  const needle = query.trim().toLocaleLowerCase();
  const shown = needle ? options.filter((o) => o.label.toLocaleLowerCase().includes(needle)) : options;
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {searchLabel && (
        <Field label={searchLabel}>
          {(control) => <Input {...control} type="search" value={query} autoComplete="off" onChange={(e) => setQuery(e.target.value)} aria-controls={`${id}-list`} />}
        </Field>
      )}
      <fieldset id={`${id}-list`} className={styles.pickList}>
        <legend className="visually-hidden">{legend}</legend>
        {shown.length === 0 ? (
          <p className={styles.empty} role="status">
            {options.length === 0 ? emptyText : t('noMatch', { query: query.trim() })}
          </p>
        ) : (
          shown.map((option) => (
            <label key={option.id} className={styles.pickOption}>
              <input type="radio" name={name} value={option.id} checked={value === option.id} onChange={() => onChange(option.id)} />
              {option.icon}
              <span className={styles.pickName}>
                {option.label}
                {option.hint && <span className={styles.pickHint}>{option.hint}</span>}
              </span>
            </label>
          ))
        )}
      </fieldset>
    </div>
  );
}
