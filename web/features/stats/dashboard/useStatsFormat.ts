'use client';

import { useFormatter, useTranslations } from 'next-intl';

/** Durations ("1 min 30 s", "2 h 5 min"), shares and weekday names in the user's language. */
export function useStatsFormat() {
  const t = useTranslations('statistics.units');
  const format = useFormatter();
  return {
    duration(seconds: number | null | undefined): string {
      if (seconds === null || seconds === undefined) return '—';
      const total = Math.round(seconds);
      if (total < 60) return t('seconds', { s: total });
      if (total < 3600) return t('minutes', { m: Math.floor(total / 60), s: total % 60 });
      return t('hours', { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) });
    },
    count: (value: number) => format.number(value),
    share: (part: number, whole: number) => (whole > 0 ? format.number(part / whole, { style: 'percent', maximumFractionDigits: 1 }) : '—'),
    average: (value: number | null) => (value === null ? '—' : format.number(value, { maximumFractionDigits: 2 })),
    /** ISO weekday 1 (Monday) … 7 (Sunday): 2 March 2026 was a Monday. */
    weekday: (isoWeekday: number, width: 'short' | 'long' = 'short') => format.dateTime(new Date(Date.UTC(2026, 2, 1 + isoWeekday, 12)), { weekday: width, timeZone: 'UTC' }),
    day: (day: string) => format.dateTime(new Date(`${day}T12:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  };
}
