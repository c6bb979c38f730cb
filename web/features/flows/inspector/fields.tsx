'use client';

import { Plus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Button, Field, Input, Select, Textarea } from '../../ui';
import styles from '../editor.module.css';

/**
 * Form controls of the node panel. Each takes the current value, reports a new one, and shows the
 * error the schema or the graph check found at its field.
 */

export function TextField({ label, hint, value, error, onChange, placeholder, maxLength, mono }: {
  label: string;
  hint?: ReactNode;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  mono?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <Input {...control} value={value} placeholder={placeholder} maxLength={maxLength} spellCheck={!mono} className={mono ? styles.mono : undefined} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function TextAreaField({ label, hint, value, error, onChange, rows = 3, placeholder, mono }: {
  label: string;
  hint?: ReactNode;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  rows?: number;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <Textarea {...control} rows={rows} value={value} placeholder={placeholder} className={mono ? styles.mono : undefined} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/**
 * A whole number. What is typed stays as typed until it is a number (an empty field is not 0);
 * only numbers reach the document, and range errors come from the schema like any other.
 */
export function NumberField({ label, hint, value, error, onChange, min, max }: {
  label: string;
  hint?: ReactNode;
  value: number;
  error: string | null;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
}) {
  const t = useTranslations('flows.fields');
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // Changed from outside (undo, another node): show the document's value.
    setShown(value);
    setText(String(value));
  }
  const typingError = /^\s*-?\d+\s*$/.test(text) ? null : text.trim() === '' ? t('enterNumber') : t('enterWholeNumber');
  return (
    <Field label={label} hint={hint} error={typingError ?? error}>
      {(control) => (
        <Input
          {...control}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={text}
          className={styles.numberInput}
          onChange={(e) => {
            setText(e.target.value);
            if (/^\s*-?\d+\s*$/.test(e.target.value)) {
              const next = Number(e.target.value);
              setShown(next);
              onChange(next);
            }
          }}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>({ label, hint, value, error, onChange, options }: {
  label: string;
  hint?: ReactNode;
  value: T;
  error: string | null;
  onChange: (value: T) => void;
  options: readonly { value: T; label: string }[];
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** Rows of small inputs (buttons, headers, response fields) with add and remove; `itemName` names one row ("button"). */
export function RowList<T>({ legend, itemName, items, onChange, create, addLabel, max, renderRow, error }: {
  legend: string;
  itemName: string;
  items: readonly T[];
  onChange: (items: T[]) => void;
  create: () => T;
  addLabel: string;
  max: number;
  renderRow: (item: T, index: number, update: (item: T) => void) => ReactNode;
  error?: string | null;
}) {
  const t = useTranslations('flows.fields');
  return (
    <fieldset className={styles.rowList}>
      <legend className={styles.rowListLegend}>{legend}</legend>
      {items.length > 0 && (
        <ol className={styles.rows}>
          {items.map((item, index) => (
            <li key={index} className={styles.row}>
              <div className={styles.rowFields}>{renderRow(item, index, (next) => onChange(items.map((old, i) => (i === index ? next : old))))}</div>
              <Button
                variant="ghost"
                size="sm"
                iconOnly
                icon={<X size={14} />}
                aria-label={t('removeRow', { item: itemName, index: String(index + 1) })}
                onClick={() => onChange(items.filter((_, i) => i !== index))}
              />
            </li>
          ))}
        </ol>
      )}
      {error && <p className={styles.rowListError}>{error}</p>}
      <div>
        <Button size="sm" icon={<Plus size={14} />} disabled={items.length >= max} onClick={() => onChange([...items, create()])}>
          {addLabel}
        </Button>
      </div>
    </fieldset>
  );
}

/** An input inside a RowList row: labelled for screen readers, compact on screen. */
export function RowInput({ label, value, onChange, error, placeholder, mono }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <span className={styles.rowInput}>
      <Input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        title={error ?? undefined}
        value={value}
        placeholder={placeholder}
        className={mono ? styles.mono : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && <span className={styles.rowInputError}>{error}</span>}
    </span>
  );
}
