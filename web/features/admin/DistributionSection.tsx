import type { DistributionMode } from '../../../domain/line-settings';
import { Card, Field, Input, Switch } from '../ui';
import styles from './admin.module.css';
import { DescribedChoices } from './DescribedChoices';
import { DescribedSwitch } from './DescribedSwitch';
import { LimitField } from './LimitField';
import type { DistributionForm, SectionProps } from './line-form';

const modes: { value: DistributionMode; label: string; description: string }[] = [
  { value: 'evenly', label: 'Evenly', description: 'The operator who has gone longest without a new dialog gets it.' },
  { value: 'strictly', label: 'Strictly in order', description: 'The first available operator in queue order; if they don’t take it within the hand-off time, the next one.' },
  { value: 'all', label: 'To all at once', description: 'Offered to every available operator; the first to take it gets it.' },
];

/** SPEC §3 distribution: mode, hand-off time, availability check and the limit per operator. */
export function DistributionSection({ value, onChange, error }: SectionProps<DistributionForm>) {
  const { limit } = value;
  const changeLimit = (changes: Partial<DistributionForm['limit']>) => onChange({ limit: { ...limit, ...changes } });
  return (
    <Card title="Distribution" description="How a new dialog finds its operator.">
      <DescribedChoices title="Mode" name="distribution-mode" value={value.mode} options={modes} onChange={(mode) => onChange({ mode })} error={error('settings.distribution.mode')} />
      {value.mode !== 'all' && (
        <div className={styles.narrow}>
          <Field label="Hand-off time" hint="1 to 30 minutes to take an offered dialog before it moves to the next operator." error={error('settings.distribution.handoffMinutes')}>
            {(control) => (
              <div className={styles.inline}>
                <Input {...control} type="number" inputMode="numeric" min={1} max={30} step={1} value={value.handoffMinutes} onChange={(e) => onChange({ handoffMinutes: e.target.value })} className={styles.amount} />
                <span className={styles.unit}>minutes</span>
              </div>
            )}
          </Field>
        </div>
      )}

      <div className={styles.subsection}>
        <DescribedSwitch
          checked={value.availabilityCheck}
          onChange={(availabilityCheck) => onChange({ availabilityCheck })}
          label="Availability check"
          description="Offer dialogs only to operators who are online, have started their working day and are not on a break or absent."
        />
      </div>

      <div className={styles.subsection}>
        <Switch checked={limit.enabled} onChange={(enabled) => changeLimit({ enabled })} label="Limit open dialogs per operator" />
        {limit.enabled && (
          <div className={styles.nested}>
            <LimitField value={limit.maxOpenDialogs} onChange={(maxOpenDialogs) => changeLimit({ maxOpenDialogs })} error={error('settings.distribution.limit.maxOpenDialogs')} />
            <label className={styles.checkbox}>
              <input type="checkbox" checked={limit.countWaitingForClient} onChange={(e) => changeLimit({ countWaitingForClient: e.target.checked })} />
              Dialogs waiting for the client’s reply count toward the limit
            </label>
          </div>
        )}
      </div>
    </Card>
  );
}
