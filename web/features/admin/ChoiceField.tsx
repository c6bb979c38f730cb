import type { ReactNode } from 'react';
import { Choices, FieldError } from '../ui';
import styles from './admin.module.css';

/** A titled set of choices; the title is the group's accessible name (as the hidden legend). */
export function ChoiceField<T extends string>({
  title,
  name,
  value,
  options,
  onChange,
  disabled = false,
  hint,
  error = null,
}: {
  title: string;
  name: string;
  value: T;
  options: { value: T; label: ReactNode }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: string;
  error?: string | null;
}) {
  return (
    <div className={styles.choiceField}>
      <p className={styles.readOnlyTitle} aria-hidden>
        {title}
      </p>
      <Choices legend={title} name={name} value={value} onChange={onChange} options={options.map((option) => ({ ...option, disabled }))} />
      {hint && <p className={styles.hintText}>{hint}</p>}
      {error && <FieldError>{error}</FieldError>}
    </div>
  );
}
