import type { createFormatter } from 'next-intl';
import type { WidgetTranslator } from '../../server/channels/widget/visitor-texts';

type Formatter = ReturnType<typeof createFormatter>;

/**
 * "14:05" today, "Mon 14:05" this week, "3 Mar, 14:05" before that — in the chat's language and the
 * visitor's own time zone (the page is rendered on the server, the messages only in the browser).
 */
export function formatMessageTime(iso: string, format: Formatter, now = new Date()): string {
  const at = new Date(iso);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const time = format.dateTime(at, { hour: '2-digit', minute: '2-digit', timeZone });
  if (at.toDateString() === now.toDateString()) return time;
  const days = (now.getTime() - at.getTime()) / 86_400_000;
  if (days < 6) return `${format.dateTime(at, { weekday: 'short', timeZone })} ${time}`;
  return `${format.dateTime(at, { day: 'numeric', month: 'short', timeZone })}, ${time}`;
}

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => (p ?? '').charAt(0).toUpperCase()).join('') || '?';
}

const URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/** Splits text into plain runs and http(s) links, so links can be rendered as anchors (React escapes the rest). */
export function splitLinks(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index) });
    parts.push({ text: match[0], href: match[0] });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** "You are number 3 in line · about 4 minutes", "You are next in line", … for a queued visitor. */
export function queueStatusText(queue: { position: number; estimatedMinutes: number | null }, t: WidgetTranslator): string {
  const place = queue.position <= 1 ? t('queue.next') : t('queue.place', { position: queue.position });
  if (queue.estimatedMinutes === null) return place;
  return t('queue.withWait', { place, minutes: queue.estimatedMinutes });
}
