import { useTranslations } from 'next-intl';
import type { DistributionMode } from '../../../domain/line-settings';
import { Card, Field, Input, Switch } from '../ui';
import styles from './admin.module.css';
import { DescribedChoices } from './DescribedChoices';
import { DescribedSwitch } from './DescribedSwitch';
import { NumberInSentenceField } from './NumberInSentenceField';
import type { DistributionForm, SectionProps } from './line-form';

/** Each mode's texts are the catalogue keys `lines.distribution.modes.<mode>` and `<mode>Description`. */
const modes: DistributionMode[] = ['evenly', 'strictly', 'all'];

/** SPEC §3 distribution: mode, hand-off time, availability check and the limit per operator. */
export function DistributionSection({ value, onChange, error }: SectionProps<DistributionForm>) {
  const t = useTranslations('lines.distribution');
  const { limit } = value;
  const changeLimit = (changes: Partial<DistributionForm['limit']>) => onChange({ limit: { ...limit, ...changes } });
  return (
    <Card title={t('title')} description={t('description')}>
      <DescribedChoices
        title={t('mode')}
        name="distribution-mode"
        value={value.mode}
        options={modes.map((mode) => ({ value: mode, label: t(`modes.${mode}`), description: t(`modes.${mode}Description`) }))}
        onChange={(mode) => onChange({ mode })} error={error('settings.distribution.mode')} />
      {value.mode !== 'all' && (
        <div className={styles.narrow}>
          <Field label={t('handoff')} hint={t('handoffHint')} error={error('settings.distribution.handoffMinutes')}>
            {(control) => (
              <div className={styles.inline}>
                <Input {...control} type="number" inputMode="numeric" min={1} max={30} step={1} value={value.handoffMinutes} onChange={(e) => onChange({ handoffMinutes: e.target.value })} className={styles.amount} />
                <span className={styles.unit}>{t('minutes')}</span>
              </div>
            )}
          </Field>
        </div>
      )}

      <div className={styles.subsection}>
        <DescribedSwitch
          checked={value.availabilityCheck}
          onChange={(availabilityCheck) => onChange({ availabilityCheck })}
          label={t('availabilityCheck')}
          description={t('availabilityCheckDescription')}
        />
      </div>

      <div className={styles.subsection}>
        <Switch checked={limit.enabled} onChange={(enabled) => changeLimit({ enabled })} label={t('limit')} />
        {limit.enabled && (
          <div className={styles.nested}>
            <NumberInSentenceField
              before={t('limitBefore')}
              after={t('limitAfter')}
              hint={t('limitHint', { min: 1, max: 1000 })}
              min={1}
              max={1000}
              value={limit.maxOpenDialogs}
              onChange={(maxOpenDialogs) => changeLimit({ maxOpenDialogs })}
              error={error('settings.distribution.limit.maxOpenDialogs')}
            />
            <label className={styles.checkbox}>
              <input type="checkbox" checked={limit.countWaitingForClient} onChange={(e) => changeLimit({ countWaitingForClient: e.target.checked })} />
              {t('countWaiting')}
            </label>
          </div>
        )}
      </div>
    </Card>
  );
}
