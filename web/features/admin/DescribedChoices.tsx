import { useId } from 'react';
import { FieldError } from '../ui';
import styles from './admin.module.css';

/** Radio buttons stacked as cards, each with a one-line description that screen readers hear as its description. */
export function DescribedChoices<T extends string>({
  title,
  name,
  value,
  options,
  onChange,
  error = null,
}: {
  title: string;
  name: string;
  value: T;
  options: { value: T; label: string; description: string }[];
  onChange: (value: T) => void;
  error?: string | null;
}) {
  const id = useId();
  return (
    <fieldset className={styles.describedChoices}>
      <legend className={styles.readOnlyTitle}>{title}</legend>
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        return (
          <label key={option.value} className={styles.describedChoice}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-labelledby={`${optionId}-label`}
              aria-describedby={[`${optionId}-description`, error && `${id}-error`].filter(Boolean).join(' ')}
              aria-invalid={error ? true : undefined}
            />
            <span>
              <span id={`${optionId}-label`} className={styles.choiceLabel}>
                {option.label}
              </span>
              <span id={`${optionId}-description`} className={styles.choiceDescription}>
                {option.description}
              </span>
            </span>
          </label>
        );
      })}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </fieldset>
  );
}
