import { useTranslations } from 'next-intl';
import { Field, Input, Select } from '../ui';
import styles from './admin.module.css';
import { describeDraft, type DurationDraft, type DurationUnit } from './duration';
import { useDescribeMinutes } from './labels';

const units: DurationUnit[] = ['minutes', 'hours', 'days'];

/** A labelled duration: an amount and its unit, with the total spelled out when it helps. */
export function DurationField({
  label,
  hint,
  value,
  onChange,
  error,
  disabled = false,
  min = 1,
}: {
  label: string;
  hint?: string;
  value: DurationDraft;
  onChange: (value: DurationDraft) => void;
  error: string | null;
  disabled?: boolean;
  min?: number;
}) {
  const t = useTranslations('lines.duration');
  const describeMinutes = useDescribeMinutes();
  const described = describeDraft(value, describeMinutes);
  const fullHint = [hint, described && t('total', { total: described })].filter(Boolean).join(' ');
  return (
    <Field label={label} hint={fullHint || undefined} error={error}>
      {(control) => (
        <div className={styles.inline}>
          <Input
            {...control}
            type="number"
            inputMode="decimal"
            min={min}
            step="any"
            value={value.amount}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
            className={styles.amount}
          />
          <Select aria-label={t('unitLabel', { label })} value={value.unit} disabled={disabled} onChange={(e) => onChange({ ...value, unit: e.target.value as DurationUnit })} className={styles.unitSelect}>
            {units.map((unit) => (
              <option key={unit} value={unit}>
                {t(unit)}
              </option>
            ))}
          </Select>
        </div>
      )}
    </Field>
  );
}
