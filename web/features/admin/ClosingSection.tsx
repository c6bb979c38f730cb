import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { minutesOf, type DurationDraft } from './duration';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

type ClosingForm = Pick<LineForm, 'closing' | 'autoClose' | 'expiry'>;

/** What the window means for the value as typed: 0 is "a new dialog". */
function reopenHint(window: DurationDraft): string {
  const base = 'Up to 7 days.';
  return minutesOf(window) === 0
    ? `0: a client message after closing opens a new dialog. ${base}`
    : `A client message within this time after closing reopens the same dialog with the same operator; later, a new dialog opens. ${base}`;
}

/** Closing by the operator, and the two ways a dialog closes itself (SPEC §3 auto-close, expiry). */
export function ClosingSection({ value, onChange, error }: SectionProps<ClosingForm>) {
  const { closing, autoClose, expiry } = value;
  return (
    <Card title="Closing" description="What the client gets when a dialog closes, and when dialogs close by themselves.">
      <Field label="Closing text" hint="Optional. Leave empty to close without a message." error={error('settings.closing.text')}>
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            value={closing.text}
            onChange={(e) => onChange({ closing: { ...closing, text: e.target.value } })}
            placeholder="e.g. Thanks for reaching out — have a great day!"
          />
        )}
      </Field>
      <div className={styles.narrow}>
        <DurationField
          label="Reopen window"
          hint={reopenHint(closing.reopenWindow)}
          min={0}
          value={closing.reopenWindow}
          onChange={(reopenWindow) => onChange({ closing: { ...closing, reopenWindow } })}
          error={error('settings.closing.reopenWindowMinutes')}
        />
      </div>
      <div className={styles.subsection}>
        <Switch checked={autoClose.enabled} onChange={(enabled) => onChange({ autoClose: { ...autoClose, enabled } })} label="Close dialogs the client has stopped answering" />
        <div className={styles.disabledGroup} data-off={!autoClose.enabled}>
          <div className={styles.narrow}>
            <DurationField
              label="Close after the client is silent for"
              hint="Counted from the operator’s last message."
              value={autoClose.after}
              disabled={!autoClose.enabled}
              onChange={(after) => onChange({ autoClose: { ...autoClose, after } })}
              error={error('settings.autoClose.afterMinutes')}
            />
          </div>
        </div>
      </div>

      <div className={styles.subsection}>
        <div className={styles.narrow}>
          <DurationField
            label="Expire unanswered dialogs after"
            hint="A dialog whose client never got an answer is archived as expired, without a rating request."
            value={expiry.after}
            onChange={(after) => onChange({ expiry: { ...expiry, after } })}
            error={error('settings.expiry.afterMinutes')}
          />
        </div>
      </div>
    </Card>
  );
}
