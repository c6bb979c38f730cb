import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DescribedSwitch } from './DescribedSwitch';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

export function RatingSection({ value, onChange, error }: SectionProps<LineForm['rating']>) {
  const off = !value.enabled;
  return (
    <Card title="Rating" description="The client is asked to rate the dialog when it closes.">
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label="Ask the client for a rating" />
      <div className={styles.disabledGroup} data-off={off}>
        <ChoiceField
          title="Scale"
          name="rating-scale"
          value={value.scale}
          onChange={(scale) => onChange({ scale })}
          disabled={off}
          error={error('settings.rating.scale')}
          options={[
            { value: 'like_dislike', label: 'Like / dislike' },
            { value: 'five_stars', label: '1 to 5 stars' },
          ]}
        />
        <ChoiceField
          title="Ask"
          name="rating-ask-when"
          value={value.askWhen}
          onChange={(askWhen) => onChange({ askWhen })}
          disabled={off}
          hint={value.askWhen === 'before_close' ? 'The operator’s close sends the rating request first.' : undefined}
          error={error('settings.rating.askWhen')}
          options={[
            { value: 'after_close', label: 'After closing' },
            { value: 'before_close', label: 'Before closing' },
          ]}
        />
        <div className={styles.disabledGroup} data-off={value.askWhen !== 'before_close'}>
          <DescribedSwitch
            checked={value.closeAfterRating}
            onChange={(closeAfterRating) => onChange({ closeAfterRating })}
            label="Close right after rating"
            description="When rating is asked before closing: close the dialog as soon as the client rates. Off: the dialog stays open after the rating until the operator closes it."
          />
        </div>
        <Field label="Request text" error={error('settings.rating.requestText')}>
          {(control) => <Textarea {...control} rows={2} value={value.requestText} disabled={off} onChange={(e) => onChange({ requestText: e.target.value })} />}
        </Field>
        <div className={styles.grid2}>
          <Field label="Thank-you for a good rating" error={error('settings.rating.thanksGoodText')}>
            {(control) => <Textarea {...control} rows={2} value={value.thanksGoodText} disabled={off} onChange={(e) => onChange({ thanksGoodText: e.target.value })} />}
          </Field>
          <Field label="Thank-you for a bad rating" error={error('settings.rating.thanksBadText')}>
            {(control) => <Textarea {...control} rows={2} value={value.thanksBadText} disabled={off} onChange={(e) => onChange({ thanksBadText: e.target.value })} />}
          </Field>
        </div>
        <div className={styles.narrow}>
          <DurationField label="Time to answer" value={value.timeLimit} disabled={off} onChange={(timeLimit) => onChange({ timeLimit })} error={error('settings.rating.timeLimitMinutes')} />
        </div>
      </div>
    </Card>
  );
}
