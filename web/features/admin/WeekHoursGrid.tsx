import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { weekdays, type LineSettings } from '../../../domain/line-settings';
import { FieldError, Input } from '../ui';
import { cx } from '../ui/cx';
import styles from './admin.module.css';

type Week = LineSettings['workingHours']['week'];

/** Monday to Sunday: open or not, and from–to in the line's time zone. */
export function WeekHoursGrid({ week, onChange, error, disabled }: { week: Week; onChange: (week: Week) => void; error: (field: string) => string | null; disabled: boolean }) {
  const t = useTranslations('lines.week');
  const weekdayName = useTranslations('lines.weekdays');
  const id = useId();
  return (
    <div className={styles.week} role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className={styles.readOnlyTitle}>
        {t('title')}
      </p>
      {weekdays.map((day) => {
        const hours = week[day];
        const name = weekdayName(day);
        const change = (changes: Partial<typeof hours>) => onChange({ ...week, [day]: { ...hours, ...changes } });
        const fromError = error(`settings.workingHours.week.${day}.from`);
        const toError = error(`settings.workingHours.week.${day}.to`);
        const errorId = `${id}-${day}-error`;
        return (
          <div key={day} className={styles.dayRow}>
            <label className={cx(styles.dayToggle)}>
              <input type="checkbox" checked={hours.open} disabled={disabled} onChange={(e) => change({ open: e.target.checked })} aria-label={t('openOn', { day: name })} />
              <span aria-hidden>{name}</span>
            </label>
            {hours.open ? (
              <div className={styles.dayTimes}>
                <Input
                  type="time"
                  aria-label={t('opensAt', { day: name })}
                  value={hours.from}
                  disabled={disabled}
                  required
                  aria-invalid={fromError ? true : undefined}
                  aria-describedby={fromError ? errorId : undefined}
                  onChange={(e) => change({ from: e.target.value })}
                  className={styles.time}
                />
                <span className={styles.unit} aria-hidden>
                  {t('to')}
                </span>
                <Input
                  type="time"
                  aria-label={t('closesAt', { day: name })}
                  value={hours.to}
                  disabled={disabled}
                  required
                  aria-invalid={toError ? true : undefined}
                  aria-describedby={toError ? errorId : undefined}
                  onChange={(e) => change({ to: e.target.value })}
                  className={styles.time}
                />
              </div>
            ) : (
              <span className={styles.closedDay}>{t('closed')}</span>
            )}
            {(fromError || toError) && (
              <div className={styles.dayError}>
                <FieldError id={errorId}>{[fromError && t('openingError', { error: fromError }), toError && t('closingError', { error: toError })].filter(Boolean).join('; ')}</FieldError>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
