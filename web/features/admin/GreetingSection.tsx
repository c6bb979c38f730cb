import { useTranslations } from 'next-intl';
import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import type { LineForm, SectionProps } from './line-form';

export function GreetingSection({ value, onChange, error }: SectionProps<LineForm['greeting']>) {
  const t = useTranslations('lines.greeting');
  const sendIn = useTranslations('lines.sendIn');
  return (
    <Card title={t('title')} description={t('description')}>
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label={t('enabled')} />
      <div className={styles.disabledGroup} data-off={!value.enabled}>
        <Field label={t('text')} error={error('settings.greeting.text')}>
          {(control) => <Textarea {...control} rows={3} value={value.text} disabled={!value.enabled} onChange={(e) => onChange({ text: e.target.value })} />}
        </Field>
        <ChoiceField
          title={t('sendIn')}
          name="greeting-send-in"
          value={value.sendIn}
          onChange={(sendIn) => onChange({ sendIn })}
          disabled={!value.enabled}
          error={error('settings.greeting.sendIn')}
          options={[
            { value: 'every_dialog', label: sendIn('everyDialog') },
            { value: 'first_dialog', label: sendIn('firstDialog') },
          ]}
        />
      </div>
    </Card>
  );
}
