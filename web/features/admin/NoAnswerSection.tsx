import { useTranslations } from 'next-intl';
import { Card, Field, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

/** SPEC §3 no-answer rule: what happens while a client waits for a first operator answer. */
export function NoAnswerSection({ value, onChange, error }: SectionProps<LineForm['noAnswer']>) {
  const t = useTranslations('lines.noAnswer');
  return (
    <Card title={t('title')} description={t('description')}>
      <div className={styles.narrow}>
        <DurationField label={t('waiting')} hint={t('waitingHint')} value={value.after} onChange={(after) => onChange({ after })} error={error('settings.noAnswer.minutes')} />
      </div>
      <ChoiceField
        title={t('then')}
        name="no-answer-action"
        value={value.action}
        onChange={(action) => onChange({ action })}
        error={error('settings.noAnswer.action')}
        options={[
          { value: 'send_text', label: t('sendText') },
          { value: 'return_to_queue', label: t('returnToQueue') },
          { value: 'nothing', label: t('nothing') },
        ]}
      />
      <Field
        label={t('text')}
        hint={value.action === 'return_to_queue' ? t('textNotSentQueue') : value.action === 'nothing' ? t('textNotSent') : undefined}
        error={error('settings.noAnswer.text')}
      >
        {(control) => <Textarea {...control} rows={3} value={value.text} disabled={value.action !== 'send_text'} onChange={(e) => onChange({ text: e.target.value })} />}
      </Field>
    </Card>
  );
}
