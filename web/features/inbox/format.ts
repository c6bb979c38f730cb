import { channelKindLabels, type ChannelKind } from '../../../domain/channels';
import type { DialogStatus } from '../../../domain/dialog';
import type { BadgeTone } from '../ui';

export const statusTones: Record<DialogStatus, BadgeTone> = {
  bot: 'neutral',
  queued: 'amber',
  offered: 'accent',
  in_work: 'red',
  waiting_client: 'green',
  closed: 'neutral',
};

/** Short labels for the list; the dialog header uses the full ones from domain/dialog.ts. */
export const shortStatusLabels: Record<DialogStatus, string> = {
  bot: 'Bot',
  queued: 'In queue',
  offered: 'Offered',
  in_work: 'Needs answer',
  waiting_client: 'Waiting for client',
  closed: 'Closed',
};

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "14:05" today, "Mon" this week, "12 Mar" before. */
export function formatListTime(date: Date, now = new Date()): string {
  if (sameDay(date, now)) return time.format(date);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  return days < 6 ? weekday.format(date) : dayMonth.format(date);
}

export function formatTime(date: Date): string {
  return time.format(date);
}

export function formatDateTime(date: Date): string {
  return fullDate.format(date);
}

/** "Today", "Yesterday" or "Monday, 12 March" for separators in the message history. */
export function formatDay(date: Date, now = new Date()): string {
  if (sameDay(date, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return fullDay.format(date);
}

export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Website chat", or "Telegram · Support bot" when the channel has a name of its own. */
export function channelName(channel: { kind: string; name: string }): string {
  const kind = channelKindLabels[channel.kind as ChannelKind] ?? channel.kind;
  return channel.name && channel.name.toLowerCase() !== kind.toLowerCase() ? `${kind} · ${channel.name}` : kind;
}
