import { Plus, X } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { Button, FieldError, Input } from '../ui';
import styles from './admin.module.css';

/** "2026-12-24" → "Thu, Dec 24, 2026" in the user's language; the date itself when it is not a valid one. */
function useDescribeDate(): (date: string) => string {
  const format = useFormatter();
  return (date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    // A calendar date: read in UTC, where it was written, so no zone moves it to the day before.
    return Number.isNaN(parsed.getTime()) ? date : format.dateTime(parsed, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  };
}

/** Dates the line is closed all day, kept sorted so a server error's index names the right row. */
export function HolidayList({ holidays, onChange, error, disabled }: { holidays: string[]; onChange: (holidays: string[]) => void; error: (field: string) => string | null; disabled: boolean }) {
  const t = useTranslations('lines.holidays');
  const describeDate = useDescribeDate();
  const [candidate, setCandidate] = useState('');
  const dateInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const duplicate = holidays.includes(candidate);
  const listError = error('settings.workingHours.holidays');

  function add() {
    if (!candidate || duplicate) return;
    onChange([...holidays, candidate].sort());
    setCandidate('');
  }

  return (
    <div className={styles.field}>
      <p className={styles.readOnlyTitle} id={`${id}-title`}>
        {t('title')}
      </p>
      <div className={styles.holidayAdd}>
        <Input
          ref={dateInput}
          type="date"
          aria-label={t('add')}
          value={candidate}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setCandidate(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the date instead of submitting the whole form.
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          className={styles.dateInput}
        />
        <Button icon={<Plus size={15} aria-hidden />} onClick={add} disabled={disabled || !candidate || duplicate}>
          {t('addButton')}
        </Button>
      </div>
      <p id={`${id}-hint`} className={styles.hintText}>
        {duplicate ? t('duplicate') : t('hint')}
      </p>
      {listError && <FieldError>{listError}</FieldError>}
      {holidays.length > 0 && (
        <ul className={styles.holidays} aria-labelledby={`${id}-title`}>
          {holidays.map((date, index) => {
            const itemError = error(`settings.workingHours.holidays.${index}`);
            return (
              <li key={`${index}-${date}`} className={styles.holiday}>
                <span className={styles.holidayDate}>{describeDate(date)}</span>
                <Button
                  size="sm"
                  variant="ghost"
                  iconOnly
                  icon={<X size={14} aria-hidden />}
                  aria-label={t('remove', { date: describeDate(date) })}
                  disabled={disabled}
                  onClick={() => {
                    onChange(holidays.filter((d) => d !== date));
                    dateInput.current?.focus();
                  }}
                />
                {itemError && <FieldError>{itemError}</FieldError>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
