/**
 * A period of local days read from the roll-up: whole calendar months from the monthly rows
 * (dialog_stats_monthly), the days before the first whole month and after the last one from the
 * daily rows (dialog_stats_daily). A year: 11 or 12 month rows and at most 60 day rows per scope.
 */
export interface PeriodSplit {
  /** Days before the first whole month (both included), or null. */
  leadingDays: { from: string; to: string } | null;
  /** First days of the first and last whole month (both included), or null when no month is whole. */
  months: { from: string; to: string } | null;
  /** Days after the last whole month (both included), or null. */
  trailingDays: { from: string; to: string } | null;
}

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
const firstOfMonth = (date: Date, monthsAhead: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthsAhead, 1));
const dayBefore = (date: Date) => new Date(date.getTime() - 86_400_000);

/** Splits the local days from…to (both included, from ≤ to) into [leading days][whole months][trailing days]. */
export function splitPeriodByMonths(from: string, to: string): PeriodSplit {
  const start = day(from);
  const end = day(to);
  // The first whole month starts on `from` when it is a 1st, else on the next 1st; the last whole
  // month ends on `to` when the day after it is a 1st, else before `to`'s month.
  const firstMonth = start.getUTCDate() === 1 ? start : firstOfMonth(start, 1);
  const afterEnd = new Date(end.getTime() + 86_400_000);
  const afterLastMonth = afterEnd.getUTCDate() === 1 ? afterEnd : firstOfMonth(end, 0);
  if (firstMonth >= afterLastMonth) return { leadingDays: { from, to }, months: null, trailingDays: null };
  return {
    leadingDays: firstMonth > start ? { from, to: iso(dayBefore(firstMonth)) } : null,
    months: { from: iso(firstMonth), to: iso(firstOfMonth(dayBefore(afterLastMonth), 0)) },
    trailingDays: afterLastMonth <= end ? { from: iso(afterLastMonth), to } : null,
  };
}
