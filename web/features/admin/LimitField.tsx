import { useId } from 'react';
import { FieldError, Input } from '../ui';
import styles from './admin.module.css';

/** "At most [N] open dialogs per operator on this line": the sentence around the number is its label. */
export function LimitField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error: string | null }) {
  const id = useId();
  const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={styles.field}>
      <div className={styles.inline}>
        <span id={`${id}-before`}>At most</span>
        <Input
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-labelledby={`${id}-before ${id}-after`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className={styles.amount}
        />
        <span id={`${id}-after`}>open dialogs per operator on this line</span>
      </div>
      <p id={`${id}-hint`} className={styles.hintText}>
        1 to 1000. An operator at the limit is offered no new dialogs.
      </p>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
