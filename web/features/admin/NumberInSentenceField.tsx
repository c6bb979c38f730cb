import { useId, type ReactNode } from 'react';
import { FieldError, Input } from '../ui';
import styles from './admin.module.css';

/**
 * A whole number inside a sentence — "At most [N] open dialogs per operator on this line",
 * "Delete closed dialogs older than [N] days": the words before and after it are its label.
 */
export function NumberInSentenceField({
  before,
  after,
  hint,
  min,
  max,
  value,
  onChange,
  error,
}: {
  before: ReactNode;
  after: ReactNode;
  hint: ReactNode;
  min: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}) {
  const id = useId();
  const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={styles.field}>
      <div className={styles.inline}>
        <span id={`${id}-before`}>{before}</span>
        <Input
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-labelledby={`${id}-before ${id}-after`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className={styles.amount}
        />
        <span id={`${id}-after`}>{after}</span>
      </div>
      <p id={`${id}-hint`} className={styles.hintText}>
        {hint}
      </p>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
