import { useFormatter, useTranslations } from 'next-intl';
import { browserTimeZone } from '../shell/PresenceMenu';

/**
 * Days and times as the users pages show them, in the viewer's language and (browser) zone:
 * `day` "2 Dec" / "2 дек." (with the year when it is not this year), `dayTime` "2 Dec, 09:00" for
 * an absence's bounds.
 */
export function useDayFormat() {
  const format = useFormatter();
  const t = useTranslations('common.team');
  const timeZone = browserTimeZone();
  const day = (date: Date) => {
    const withYear = date.getFullYear() !== new Date().getFullYear();
    return format.dateTime(date, { timeZone, day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) });
  };
  const dayTime = (date: Date) => t('dayTime', { day: day(date), time: format.dateTime(date, { timeZone, hour: '2-digit', minute: '2-digit' }) });
  return { day, dayTime, range: (from: string, to: string) => t('range', { from, to }) };
}

/** A `datetime-local` value (local wall time) as an ISO instant; empty or unreadable → ''. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
