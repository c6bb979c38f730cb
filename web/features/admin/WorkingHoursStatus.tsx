'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { nextOpeningAt, openingPeriodAt, type WorkingHoursSettings } from '../../../domain/working-hours';
import styles from './admin.module.css';

/** Closer than this, a weekday name alone says which day is meant. */
const SIX_DAYS = 6 * 24 * 60 * 60_000;

type Status = { state: 'open' | 'closed' | 'off' | 'unknown'; text: string };

/** "Open now — closes at 18:00" / "Closed now — opens Mon 09:00", from the hours as edited. */
export function WorkingHoursStatus({ hours }: { hours: WorkingHoursSettings }) {
  const now = useNow(30_000);
  const describe = useDescribeStatus();
  if (!now) return null;
  const status = describe(hours, now);
  return (
    <p className={styles.status} data-state={status.state}>
      <span className={styles.statusDot} aria-hidden />
      <span>{status.text}</span>
    </p>
  );
}

/** The current time, after mounting only (the server's clock and zone must not leak into the page). */
function useNow(intervalMs: number): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The status in the user's language, times in the line's zone (named when it is not the browser's). */
function useDescribeStatus(): (hours: WorkingHoursSettings, now: Date) => Status {
  const t = useTranslations('lines.status');
  const format = useFormatter();
  const time = (at: Date, timeZone: string) => format.dateTime(at, { timeZone, hour: '2-digit', minute: '2-digit' });
  const opening = (at: Date, now: Date, timeZone: string) => {
    const date = (d: Date) => format.dateTime(d, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (date(at) === date(now)) return t('today', { time: time(at, timeZone) });
    const near = at.getTime() - now.getTime() < SIX_DAYS;
    const day = format.dateTime(at, near ? { timeZone, weekday: 'short' } : { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
    return t('onDay', { day, time: time(at, timeZone) });
  };
  return (hours, now) => {
    if (!hours.enabled) return { state: 'off', text: t('off') };
    try {
      const zone = hours.timeZone;
      const inZone = (status: string) => (zone === Intl.DateTimeFormat().resolvedOptions().timeZone ? status : t('inZone', { status, zone }));
      const period = openingPeriodAt(hours, now);
      if (period) return { state: 'open', text: inZone(t('openNow', { time: time(period.closesAt, zone) })) };
      const next = nextOpeningAt(hours, now);
      if (!next) return { state: 'closed', text: t('closedNoOpening') };
      return { state: 'closed', text: inZone(t('closedNow', { when: opening(next, now, zone) })) };
    } catch {
      // A half-typed zone or time: the fields themselves say what is wrong once saved.
      return { state: 'unknown', text: t('invalid') };
    }
  };
}
