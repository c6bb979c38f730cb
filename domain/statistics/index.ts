import { TZDate } from '@date-fns/tz';
import { z } from 'zod';

/**
 * SPEC §8 statistics: the period and filters a dashboard is asked for, and the rules that turn
 * the summary rows (db/queries/statistics.ts) into what a dashboard shows. A dialog counts on the
 * day it was created in its line's time zone: the summary row fixes that day, hour and weekday when
 * the dialog is created (PostgreSQL's time-zone data), so a period is a range of local dates.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-29');
const realDate = isoDate.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a day of the calendar');

/** The longest period a dashboard shows (one year and a day: a leap year's days). */
export const maxPeriodDays = 366;

export const statisticsFiltersSchema = z
  .object({
    /** First and last day of the period, both included, in each line's time zone. */
    from: realDate,
    to: realDate,
    lineId: z.number({ error: 'must be a line id' }).int().positive().optional(),
    channelId: z.number({ error: 'must be a channel id' }).int().positive().optional(),
    operatorId: z.string().min(1, 'must be a user id').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from > value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after "from"; swap the dates' });
    else if (daysBetween(value.from, value.to) + 1 > maxPeriodDays) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${maxPeriodDays} days after "from"; choose a shorter period` });
  });
export type StatisticsFilters = z.infer<typeof statisticsFiltersSchema>;

function utcDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / 86_400_000);
}

/** Every day from `from` to `to`, both included (so a chart shows days without dialogs as 0). */
export function daysOfPeriod(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = utcDay(from); t <= utcDay(to); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The local calendar day of an instant in a time zone (YYYY-MM-DD). */
export function localDay(at: Date, timeZone: string): string {
  const local = new TZDate(at.getTime(), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
}

/** The instants a period of local days covers in a time zone: [start, end). A DST day is 23 or 25 hours. */
export function periodInstants(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  const at = (day: string, plusDays: number) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(new TZDate(y, m - 1, d + plusDays, 0, 0, 0, 0, timeZone).getTime());
  };
  return { start: at(from, 0), end: at(to, 1) };
}

/** The last `days` days up to today in the time zone (the dashboard's default period). */
export function recentPeriod(now: Date, timeZone: string, days = 30): { from: string; to: string } {
  const to = localDay(now, timeZone);
  return { from: new Date(utcDay(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10), to };
}

/** Ratings counted as good: a like, or 4 and 5 stars. Averages use star ratings (1–5) only. */
export const goodRatings = ['like', '4', '5'] as const;
export const starRatings = ['1', '2', '3', '4', '5'] as const;

/** ISO weekdays 1 (Monday) … 7 (Sunday), the heat map's rows. */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export const hoursOfDay = Array.from({ length: 24 }, (_, hour) => hour);

export interface HeatMapCell {
  weekday: number;
  hour: number;
  dialogs: number;
}

/** The 7 × 24 grid of the load heat map (every cell, 0 where nothing came), Monday first. */
export function heatMapGrid(counts: readonly HeatMapCell[]): HeatMapCell[][] {
  const byKey = new Map(counts.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.dialogs]));
  return isoWeekdays.map((weekday) => hoursOfDay.map((hour) => ({ weekday, hour, dialogs: byKey.get(`${weekday}:${hour}`) ?? 0 })));
}

/** A day series with every day of the period, 0 for days nothing happened on. */
export function fillDays<T extends { day: string }>(from: string, to: string, rows: readonly T[], empty: (day: string) => T): T[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return daysOfPeriod(from, to).map((day) => byDay.get(day) ?? empty(day));
}

/** Seconds of overlap of [start, end) intervals with a period (intervals still open end at `now`). */
export function overlapSeconds(intervals: readonly { start: Date; end: Date | null }[], period: { start: Date; end: Date }, now: Date): number {
  let total = 0;
  for (const interval of intervals) {
    const start = Math.max(interval.start.getTime(), period.start.getTime());
    const end = Math.min((interval.end ?? now).getTime(), period.end.getTime(), now.getTime());
    if (end > start) total += end - start;
  }
  return Math.round(total / 1000);
}

/**
 * The time zone operators' online and working time is counted in for a period: the chosen line's,
 * else the one all lines share, else UTC (presence is per person, not per line).
 */
export function presenceTimeZone(lineZones: readonly { id: number; timeZone: string }[], lineId?: number): string {
  if (lineId !== undefined) return lineZones.find((line) => line.id === lineId)?.timeZone ?? 'UTC';
  const zones = new Set(lineZones.map((line) => line.timeZone));
  return zones.size === 1 ? [...zones][0]! : 'UTC';
}

/** The views of a dashboard, each shown as a chart with a table behind it and exported as CSV. */
export const statisticsViews = ['days', 'lines', 'channels', 'operators', 'load', 'presence'] as const;
export type StatisticsView = (typeof statisticsViews)[number];
export * from './histogram';
export * from './period-split';
