import { useTranslations } from 'next-intl';

/** The parts of a number of minutes: 90 → 1 h 30 min, 1440 → 1 day; empty for nothing or a non-number. */
export function minuteParts(minutes: number): { days: number; hours: number; minutes: number } | null {
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** "90" → "1 h 30 min", "1440" → "1 day" in the user's language: shown next to minute inputs. */
export function useDescribeMinutes(): (minutes: number) => string {
  const t = useTranslations('lines.duration');
  return (total) => {
    const parts = minuteParts(total);
    if (!parts) return '';
    return [
      parts.days > 0 && t('partDays', { count: parts.days }),
      parts.hours > 0 && t('partHours', { count: parts.hours }),
      parts.minutes > 0 && t('partMinutes', { count: parts.minutes }),
    ]
      .filter(Boolean)
      .join(' ');
  };
}

/**
 * The zone to show a moment in: the browser's own. next-intl's client formatter otherwise uses the
 * zone the server rendered in, and an admin far from the server would read its clock.
 */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
