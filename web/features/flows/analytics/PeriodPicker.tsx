'use client';

import { useTranslations } from 'next-intl';
import { Field, Input, Select } from '../../ui';
import styles from './analytics.module.css';

export const periodPresets = ['7', '30', '90', 'custom'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/** Last 7 / 30 / 90 days, or a custom from–to (both days included). */
export function PeriodPicker({
  preset,
  period,
  errors,
  onPreset,
  onCustom,
}: {
  preset: PeriodPreset;
  period: { from: string; to: string };
  errors: Record<string, string[]>;
  onPreset: (preset: PeriodPreset) => void;
  onCustom: (period: { from: string; to: string }) => void;
}) {
  const t = useTranslations('flows.analytics.period');
  return (
    <div className={styles.period} role="group" aria-label={t('label')}>
      <Field label={t('label')}>
        {(control) => (
          <Select {...control} value={preset} onChange={(event) => onPreset(event.target.value as PeriodPreset)}>
            {periodPresets.map((value) => (
              <option key={value} value={value}>
                {value === 'custom' ? t('custom') : t('lastDays', { days: Number(value) })}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {preset === 'custom' && (
        <>
          <Field label={t('from')} error={errors.from?.[0]}>
            {(control) => <Input {...control} type="date" value={period.from} max={period.to} required onChange={(event) => event.target.value && onCustom({ ...period, from: event.target.value })} />}
          </Field>
          <Field label={t('to')} error={errors.to?.[0]}>
            {(control) => <Input {...control} type="date" value={period.to} min={period.from} required onChange={(event) => event.target.value && onCustom({ ...period, to: event.target.value })} />}
          </Field>
        </>
      )}
    </div>
  );
}
