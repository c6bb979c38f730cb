'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { AvailabilityReasonCode, StatusKey } from '../../../domain/availability';

/**
 * Availability in the viewer's language: the one-word status ("Online", "Vacation") and why no new
 * dialogs come ("On vacation until 2 Dec"; an absence ending today shows its time, "until 14:00").
 * Dates are the viewer's, in `timeZone` (their browser's).
 */
export function useAvailabilityText(timeZone: string | undefined) {
  const t = useTranslations('common.team');
  const format = useFormatter();

  function until(end: Date, now: Date): string {
    const dayOf = (date: Date) => format.dateTime(date, { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    if (dayOf(end) === dayOf(now)) return format.dateTime(end, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const yearOf = (date: Date) => format.dateTime(date, { timeZone, year: 'numeric' });
    return format.dateTime(end, { timeZone, day: 'numeric', month: 'short', ...(yearOf(end) !== yearOf(now) ? { year: 'numeric' } : {}) });
  }

  return {
    status: (status: { key: StatusKey }) => t(`status.${status.key}`),
    reason: (code: AvailabilityReasonCode | null, now = new Date()): string | null => {
      if (!code) return null;
      if (code.key !== 'absent') return t(`reason.${code.key}`);
      return t('reason.absentUntil', { kind: code.kind ?? 'other', until: until(code.until, now) });
    },
  };
}
