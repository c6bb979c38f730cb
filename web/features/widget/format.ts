/** "14:05" today, "Mon 14:05" this week, "3 Mar, 14:05" before that — in the visitor's locale. */
export function formatMessageTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  const days = (now.getTime() - at.getTime()) / 86_400_000;
  if (days < 6) return `${at.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
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
export function queueStatusText(queue: { position: number; estimatedMinutes: number | null }): string {
  const place = queue.position <= 1 ? 'You are next in line' : `You are number ${queue.position} in line`;
  if (queue.estimatedMinutes === null) return place;
  const minutes = queue.estimatedMinutes;
  return `${place} · about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
