'use client';

import { useEffect, useState } from 'react';
import { nextOpeningAt, openingPeriodAt, type WorkingHoursSettings } from '../../../domain/working-hours';
import styles from './admin.module.css';

/** Closer than this, a weekday name alone says which day is meant. */
const SIX_DAYS = 6 * 24 * 60 * 60_000;

/** "Open now — closes at 18:00" / "Closed now — opens Mon 09:00", from the hours as edited. */
export function WorkingHoursStatus({ hours }: { hours: WorkingHoursSettings }) {
  const now = useNow(30_000);
  if (!now) return null;
  const status = describeStatus(hours, now);
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

function describeStatus(hours: WorkingHoursSettings, now: Date): { state: 'open' | 'closed' | 'off' | 'unknown'; text: string } {
  if (!hours.enabled) return { state: 'off', text: 'Working hours are off: the line is always open.' };
  try {
    const zone = hours.timeZone;
    const suffix = zone === Intl.DateTimeFormat().resolvedOptions().timeZone ? '' : ` (${zone} time)`;
    const period = openingPeriodAt(hours, now);
    if (period) return { state: 'open', text: `Open now — closes at ${formatTime(period.closesAt, zone)}${suffix}` };
    const opening = nextOpeningAt(hours, now);
    if (!opening) return { state: 'closed', text: 'Closed now — no open day in the next 400 days.' };
    return { state: 'closed', text: `Closed now — opens ${formatOpening(opening, now, zone)}${suffix}` };
  } catch {
    // A half-typed zone or time: the fields themselves say what is wrong once saved.
    return { state: 'unknown', text: 'Enter a valid time zone and hours to see whether the line is open now.' };
  }
}

function formatTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

function formatOpening(opening: Date, now: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  if (day.format(opening) === day.format(now)) return `today at ${formatTime(opening, timeZone)}`;
  const options: Intl.DateTimeFormatOptions = opening.getTime() - now.getTime() < SIX_DAYS ? { weekday: 'short' } : { weekday: 'short', day: 'numeric', month: 'short' };
  return `${new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(opening)} ${formatTime(opening, timeZone)}`;
}
