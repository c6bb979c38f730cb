import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { FieldError, Input } from '../ui';
import styles from './admin.module.css';

/** "At most [N] open dialogs per operator on this line": the sentence around the number is its label. */
export function LimitField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error: string | null }) {
  const t = useTranslations('lines.distribution');
  const id = useId();
  const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={styles.field}>
      <div className={styles.inline}>
        <span id={`${id}-before`}>{t('limitBefore')}</span>
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
        <span id={`${id}-after`}>{t('limitAfter')}</span>
      </div>
      <p id={`${id}-hint`} className={styles.hintText}>
        {t('limitHint', { min: 1, max: 1000 })}
      </p>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
