import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import type { LineForm, SectionProps } from './line-form';

export function GreetingSection({ value, onChange, error }: SectionProps<LineForm['greeting']>) {
  return (
    <Card title="Greeting" description="An automatic first answer, sent the moment a dialog starts.">
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label="Send a greeting" />
      <div className={styles.disabledGroup} data-off={!value.enabled}>
        <Field label="Greeting text" error={error('settings.greeting.text')}>
          {(control) => <Textarea {...control} rows={3} value={value.text} disabled={!value.enabled} onChange={(e) => onChange({ text: e.target.value })} />}
        </Field>
        <ChoiceField
          title="Send it in"
          name="greeting-send-in"
          value={value.sendIn}
          onChange={(sendIn) => onChange({ sendIn })}
          disabled={!value.enabled}
          error={error('settings.greeting.sendIn')}
          options={[
            { value: 'every_dialog', label: 'Every new dialog' },
            { value: 'first_dialog', label: 'Only a client’s first dialog' },
          ]}
        />
      </div>
    </Card>
  );
}
