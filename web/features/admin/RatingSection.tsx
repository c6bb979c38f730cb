import { useTranslations } from 'next-intl';
import { Card, Field, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DescribedSwitch } from './DescribedSwitch';
import { DurationField } from './DurationField';
import type { LineForm, SectionProps } from './line-form';

export function RatingSection({ value, onChange, error }: SectionProps<LineForm['rating']>) {
  const t = useTranslations('lines.rating');
  const off = !value.enabled;
  return (
    <Card title={t('title')} description={t('description')}>
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label={t('enabled')} />
      <div className={styles.disabledGroup} data-off={off}>
        <ChoiceField
          title={t('scale')}
          name="rating-scale"
          value={value.scale}
          onChange={(scale) => onChange({ scale })}
          disabled={off}
          error={error('settings.rating.scale')}
          options={[
            { value: 'like_dislike', label: t('likeDislike') },
            { value: 'five_stars', label: t('fiveStars') },
          ]}
        />
        <ChoiceField
          title={t('ask')}
          name="rating-ask-when"
          value={value.askWhen}
          onChange={(askWhen) => onChange({ askWhen })}
          disabled={off}
          hint={value.askWhen === 'before_close' ? t('askHint') : undefined}
          error={error('settings.rating.askWhen')}
          options={[
            { value: 'after_close', label: t('afterClose') },
            { value: 'before_close', label: t('beforeClose') },
          ]}
        />
        <div className={styles.disabledGroup} data-off={value.askWhen !== 'before_close'}>
          <DescribedSwitch
            checked={value.closeAfterRating}
            onChange={(closeAfterRating) => onChange({ closeAfterRating })}
            label={t('closeAfterRating')}
            description={t('closeAfterRatingDescription')}
          />
        </div>
        <Field label={t('requestText')} error={error('settings.rating.requestText')}>
          {(control) => <Textarea {...control} rows={2} value={value.requestText} disabled={off} onChange={(e) => onChange({ requestText: e.target.value })} />}
        </Field>
        <div className={styles.grid2}>
          <Field label={t('thanksGood')} error={error('settings.rating.thanksGoodText')}>
            {(control) => <Textarea {...control} rows={2} value={value.thanksGoodText} disabled={off} onChange={(e) => onChange({ thanksGoodText: e.target.value })} />}
          </Field>
          <Field label={t('thanksBad')} error={error('settings.rating.thanksBadText')}>
            {(control) => <Textarea {...control} rows={2} value={value.thanksBadText} disabled={off} onChange={(e) => onChange({ thanksBadText: e.target.value })} />}
          </Field>
        </div>
        <div className={styles.narrow}>
          <DurationField label={t('timeLimit')} value={value.timeLimit} disabled={off} onChange={(timeLimit) => onChange({ timeLimit })} error={error('settings.rating.timeLimitMinutes')} />
        </div>
      </div>
    </Card>
  );
}
