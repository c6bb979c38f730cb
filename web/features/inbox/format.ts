import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { DialogStatus } from '../../../domain/dialog';
import type { Locale } from '../../../domain/locale';
import type { BadgeTone } from '../ui';

export const statusTones: Record<DialogStatus, BadgeTone> = {
  bot: 'neutral',
  queued: 'amber',
  offered: 'accent',
  in_work: 'red',
  waiting_client: 'green',
  closed: 'neutral',
};

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

// Formatters per language, made once: the inbox formats hundreds of times per render.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** "14:05" today, "Mon" this week, "12 Mar" before — in the given language. */
export function formatListTime(date: Date, now = new Date(), locale?: string): string {
  if (sameDay(date, now)) return formatTime(date, locale);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  return days < 6 ? formatter(locale, { weekday: 'short' }).format(date) : formatter(locale, { day: 'numeric', month: 'short' }).format(date);
}

export function formatTime(date: Date, locale?: string): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}

export function formatDateTime(date: Date, locale?: string): string {
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/**
 * Dates, channel names and status labels in the user's language for the operator's workspace
 * (inbox, history, notifications). Domain's English label maps stay for the API and logs.
 */
export function useInboxFormat() {
  const locale = useLocale();
  const t = useTranslations('common.ui');
  const time = useTranslations('common.time');
  return useMemo(() => makeInboxFormat(locale, t, time), [locale, t, time]);
}

function makeInboxFormat(locale: Locale, t: ReturnType<typeof useTranslations<'common.ui'>>, time: ReturnType<typeof useTranslations<'common.time'>>) {
  const channelKind = (kind: string): string => (t.has(`channelKinds.${kind}` as 'channelKinds.widget') ? t(`channelKinds.${kind}` as 'channelKinds.widget') : kind);
  return {
    locale,
    listTime: (date: Date, now = new Date()) => formatListTime(date, now, locale),
    time: (date: Date) => formatTime(date, locale),
    dateTime: (date: Date) => formatDateTime(date, locale),
    /** "Today", "Yesterday" or "Monday, 12 March" for separators in the message history. */
    day: (date: Date, now = new Date()): string => {
      if (sameDay(date, now)) return time('today');
      const yesterday = new Date(now);
      yesterday.setDate(now.getDate() - 1);
      if (sameDay(date, yesterday)) return time('yesterday');
      return formatter(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(date);
    },
    /** The full status label ("Client waits for answer"). */
    status: (status: DialogStatus) => t(`dialogStatus.${status}`),
    /** The short status label for lists ("Needs answer"). */
    shortStatus: (status: DialogStatus) => t(`dialogStatusShort.${status}`),
    channelKind,
    /** "512 B", "1.5 MB" with the language's unit names and decimal separator. */
    fileSize: (bytes: number): string => {
      if (bytes < 1024) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'short' }).format(bytes);
      const units = ['kilobyte', 'megabyte', 'gigabyte'] as const;
      let value = bytes / 1024;
      let unit = 0;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
      }
      return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
    },
    /** A number with the language's grouping ("4 000" in Russian). */
    number: (value: number): string => new Intl.NumberFormat(locale).format(value),
    /** "Website chat", or "Telegram · Support bot" when the channel has a name of its own. */
    channelName: (channel: { kind: string; name: string }): string => {
      const kind = channelKind(channel.kind);
      return channel.name && channel.name.toLowerCase() !== kind.toLowerCase() ? `${kind} · ${channel.name}` : kind;
    },
  };
}
