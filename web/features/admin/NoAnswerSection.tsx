import { Card, Field, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

/** SPEC §3 no-answer rule: what happens while a client waits for a first operator answer. */
export function NoAnswerSection({ value, onChange, error }: SectionProps<LineForm['noAnswer']>) {
  return (
    <Card title="No answer" description="When a client has waited this long and no operator has answered yet.">
      <div className={styles.narrow}>
        <DurationField label="Waiting time" hint="1 minute to 1 day." value={value.after} onChange={(after) => onChange({ after })} error={error('settings.noAnswer.minutes')} />
      </div>
      <ChoiceField
        title="Then"
        name="no-answer-action"
        value={value.action}
        onChange={(action) => onChange({ action })}
        error={error('settings.noAnswer.action')}
        options={[
          { value: 'send_text', label: 'Send a text' },
          { value: 'return_to_queue', label: 'Return it to the queue' },
          { value: 'nothing', label: 'Do nothing' },
        ]}
      />
      <Field
        label="Text to send"
        hint={value.action === 'return_to_queue' ? 'Not sent: the dialog keeps going round the queue until someone answers.' : value.action === 'nothing' ? 'Not sent.' : undefined}
        error={error('settings.noAnswer.text')}
      >
        {(control) => <Textarea {...control} rows={3} value={value.text} disabled={value.action !== 'send_text'} onChange={(e) => onChange({ text: e.target.value })} />}
      </Field>
    </Card>
  );
}
