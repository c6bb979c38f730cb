/** "2 Dec" (with the year when it is not this year), in the browser's locale and zone. */
export function formatDay(date: Date): string {
  const withYear = date.getFullYear() !== new Date().getFullYear();
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) });
}

/** "2 Dec, 09:00" for an absence's bounds. */
export function formatDayTime(date: Date): string {
  return `${formatDay(date)}, ${date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

/** A `datetime-local` value (local wall time) as an ISO instant; empty or unreadable → ''. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
