'use client';

import { useTranslations } from 'next-intl';
import { limitParts } from '../../../domain/kpi';

/** "5 min", "1 h 30 min", "2 days" in the viewer's language. */
export function useLimitText() {
  const t = useTranslations('kpi.limit');
  return (minutes: number) => {
    const parts = limitParts(minutes);
    if ('days' in parts) return t('days', { days: parts.days });
    if (parts.hours === 0) return t('minutes', { minutes: parts.minutes });
    return parts.minutes === 0 ? t('hours', { hours: parts.hours }) : t('hoursMinutes', { hours: parts.hours, minutes: parts.minutes });
  };
}
