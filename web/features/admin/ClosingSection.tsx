import { useTranslations } from 'next-intl';
import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { minutesOf } from './duration';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

type ClosingForm = Pick<LineForm, 'closing' | 'autoClose' | 'expiry'>;

/** Closing by the operator, and the two ways a dialog closes itself (SPEC §3 auto-close, expiry). */
export function ClosingSection({ value, onChange, error }: SectionProps<ClosingForm>) {
  const t = useTranslations('lines.closing');
  const { closing, autoClose, expiry } = value;
  return (
    <Card title={t('title')} description={t('description')}>
      <Field label={t('text')} hint={t('textHint')} error={error('settings.closing.text')}>
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            value={closing.text}
            onChange={(e) => onChange({ closing: { ...closing, text: e.target.value } })}
            placeholder={t('textPlaceholder')}
          />
        )}
      </Field>
      <div className={styles.narrow}>
        <DurationField
          label={t('reopenWindow')}
          // What the window means for the value as typed: 0 is "a new dialog".
          hint={minutesOf(closing.reopenWindow) === 0 ? t('reopenNewDialog') : t('reopenSameDialog')}
          min={0}
          value={closing.reopenWindow}
          onChange={(reopenWindow) => onChange({ closing: { ...closing, reopenWindow } })}
          error={error('settings.closing.reopenWindowMinutes')}
        />
      </div>
      <div className={styles.subsection}>
        <Switch checked={autoClose.enabled} onChange={(enabled) => onChange({ autoClose: { ...autoClose, enabled } })} label={t('autoClose')} />
        <div className={styles.disabledGroup} data-off={!autoClose.enabled}>
          <div className={styles.narrow}>
            <DurationField
              label={t('autoCloseAfter')}
              hint={t('autoCloseHint')}
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
            label={t('expiry')}
            hint={t('expiryHint')}
            value={expiry.after}
            onChange={(after) => onChange({ expiry: { ...expiry, after } })}
            error={error('settings.expiry.afterMinutes')}
          />
        </div>
      </div>
    </Card>
  );
}
