import { useTranslations } from 'next-intl';
import { Card, Field, Input } from '../ui';
import styles from './admin.module.css';
import { DescribedChoices } from './DescribedChoices';
import type { LineForm, SectionProps } from './line-form';

type OperatorDisplayForm = LineForm['operatorDisplay'];

/** Each mode's texts are the catalogue keys `lines.operatorDisplay.<mode>` and `<mode>Description`. */
const modes: OperatorDisplayForm['mode'][] = ['profile', 'line', 'hidden'];

/** SPEC §3: the operator data a client sees next to an answer. */
export function OperatorDisplaySection({ value, onChange, error }: SectionProps<OperatorDisplayForm>) {
  const t = useTranslations('lines.operatorDisplay');
  return (
    <Card title={t('title')} description={t('description')}>
      <DescribedChoices
        title={t('show')}
        name="operator-display-mode"
        value={value.mode}
        options={modes.map((mode) => ({ value: mode, label: t(mode), description: t(`${mode}Description`) }))}
        onChange={(mode) => onChange({ mode })} error={error('settings.operatorDisplay.mode')} />
      {value.mode === 'line' && (
        <div className={styles.narrow}>
          <Field label={t('name')} hint={t('nameHint')} error={error('settings.operatorDisplay.name')}>
            {(control) => <Input {...control} value={value.name} maxLength={80} onChange={(e) => onChange({ name: e.target.value })} placeholder={t('namePlaceholder')} />}
          </Field>
          <Field label={t('avatar')} hint={t('avatarHint')} error={error('settings.operatorDisplay.avatarUrl')}>
            {(control) => <Input {...control} type="url" inputMode="url" value={value.avatarUrl} onChange={(e) => onChange({ avatarUrl: e.target.value })} placeholder={t('avatarPlaceholder')} />}
          </Field>
        </div>
      )}
    </Card>
  );
}
