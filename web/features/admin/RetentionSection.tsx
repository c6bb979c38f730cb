import { useTranslations } from 'next-intl';
import { Card } from '../ui';
import styles from './admin.module.css';
import { DescribedSwitch } from './DescribedSwitch';
import type { RetentionForm, SectionProps } from './line-form';
import { NumberInSentenceField } from './NumberInSentenceField';

/** SPEC §9 retention: closed dialogs older than N days are deleted every night, with their files and histories; statistics stay. */
export function RetentionSection({ value, onChange, error }: SectionProps<RetentionForm>) {
  const t = useTranslations('lines.retention');
  const days = Number(value.days);
  return (
    <Card title={t('title')} description={t('description')}>
      <DescribedSwitch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label={t('switch')} description={t('switchDescription')} />
      {value.enabled && (
        <div className={styles.nested}>
          <NumberInSentenceField
            before={t('daysBefore')}
            after={t('daysAfter', { count: Number.isFinite(days) ? days : 0 })}
            hint={t('daysHint', { min: 1, max: 36_500 })}
            min={1}
            max={36_500}
            value={value.days}
            onChange={(days) => onChange({ days })}
            error={error('retentionDays')}
          />
        </div>
      )}
    </Card>
  );
}
