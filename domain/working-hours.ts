import { tzOffset } from '@date-fns/tz/tzOffset';
import type { z } from 'zod';
import type { Weekday, workingHoursSettingsSchema } from './line-settings';

/**
 * When a line is open (SPEC §3 working hours). Pure and deterministic: it reads no clock and
 * needs only `Intl`, so workflows, activities and the browser all give the same answer.
 *
 * Hours are wall-clock times in the line's time zone; each open day is one period
 * [opening, closing). Where a daylight-saving change makes a wall-clock time ambiguous:
 * - a time that does not exist (skipped by a spring-forward gap, e.g. 02:30 in Europe/Berlin
 *   on 2026-03-29) means the first instant after the gap — the moment the clocks show 03:00;
 * - a time that exists twice (repeated by a fall-back overlap, e.g. 02:30 in Europe/Berlin on
 *   2026-10-25) means its first occurrence, so a line never closes and then reopens inside the
 *   repeated hour.
 * Offsets come from `tzOffset` of @date-fns/tz (the runtime's time-zone data through `Intl`);
 * wall-clock times are handled as "local milliseconds": the instant the same clock reading
 * would be in UTC, so calendar arithmetic never depends on the host's own time zone.
 */
export type WorkingHoursSettings = z.infer<typeof workingHoursSettingsSchema>;

/** One stretch of opening hours, as instants. */
export interface OpeningPeriod {
  opensAt: Date;
  closesAt: Date;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far `nextOpeningAt` looks ahead before it gives up. */
const LOOKAHEAD_DAYS = 400;
const weekdayOfUtcDay: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function isWithinWorkingHours(hours: WorkingHoursSettings, at: Date): boolean {
  if (!hours.enabled) return true;
  return openingPeriodAt(hours, at) !== null;
}

/**
 * The instant the line next opens: null when working hours are off (the line never closes) or no
 * open day comes within 400 days. While the line is open, the opening after the current period's
 * close. Every instant of one closed stretch gets the same answer, so it also names that stretch.
 */
export function nextOpeningAt(hours: WorkingHoursSettings, at: Date): Date | null {
  if (!hours.enabled) return null;
  const schedule = new Schedule(hours);
  const now = instantOf(at);
  const today = localDay(schedule.toLocal(now));
  // Yesterday too: a period resolved from an earlier date may still start later (DST overlap).
  for (let day = today - 1; day <= today + LOOKAHEAD_DAYS; day++) {
    const period = schedule.periodOn(day);
    if (period && period.opensAt > now) return new Date(period.opensAt);
  }
  return null;
}

/** The opening period `at` falls in, or null while the line is closed (or working hours are off). */
export function openingPeriodAt(hours: WorkingHoursSettings, at: Date): OpeningPeriod | null {
  if (!hours.enabled) return null;
  const schedule = new Schedule(hours);
  const now = instantOf(at);
  const today = localDay(schedule.toLocal(now));
  for (let day = today - 1; day <= today + 1; day++) {
    const period = schedule.periodOn(day);
    if (period && period.opensAt <= now && now < period.closesAt) return { opensAt: new Date(period.opensAt), closesAt: new Date(period.closesAt) };
  }
  return null;
}

class Schedule {
  private readonly holidays: ReadonlySet<string>;

  constructor(private readonly hours: WorkingHoursSettings) {
    this.holidays = new Set(hours.holidays);
    this.offsetAt(0); // fail early on an unknown zone
  }

  /** The period of one local date (days since 1970-01-01), as epoch ms; null on a closed day. */
  periodOn(day: number): { opensAt: number; closesAt: number } | null {
    const dayStart = day * DAY;
    const date = new Date(dayStart);
    const hours = this.hours.week[weekdayOfUtcDay[date.getUTCDay()]!];
    if (!hours.open || this.holidays.has(date.toISOString().slice(0, 10))) return null;
    const opensAt = this.toInstant(dayStart + minutesOfDay(hours.from) * MINUTE);
    const closesAt = this.toInstant(dayStart + minutesOfDay(hours.to) * MINUTE);
    // Both ends inside one DST gap: nothing is left of that day.
    return opensAt < closesAt ? { opensAt, closesAt } : null;
  }

  toLocal(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** The instant a wall-clock reading denotes, with the gap and overlap rules above. */
  private toInstant(local: number): number {
    // Offsets a day either side cover any single transition near this reading.
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    const candidates = [...new Set([before, after])]
      .map((offset) => local - offset)
      .filter((instant) => this.toLocal(instant) === local)
      .sort((a, b) => a - b);
    if (candidates[0] !== undefined) return candidates[0]; // the only one, or the first of two
    // In a gap the clock jumps from `before` to `after`: find the instant it jumps.
    let lo = local - after; // still on the old offset
    let hi = local - before; // already on the new one
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private offsetAt(instant: number): number {
    const minutes = tzOffset(this.hours.timeZone, new Date(instant));
    if (Number.isNaN(minutes)) throw new RangeError(`Unknown time zone "${this.hours.timeZone}"`);
    return Math.round(minutes * MINUTE);
  }
}

function instantOf(at: Date): number {
  const instant = at.getTime();
  if (Number.isNaN(instant)) throw new RangeError('Working hours need a valid date');
  return instant;
}

function localDay(local: number): number {
  return Math.floor(local / DAY);
}

function minutesOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new RangeError(`Working hours need times such as 09:00, got "${time}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The wall-clock time "HH:MM" in `timeZone` at `at` (flows' time conditions). */
export function localTimeOfDay(timeZone: string, at: Date): string {
  const local = new Date(at.getTime() + tzOffset(timeZone, at) * MINUTE);
  return local.toISOString().slice(11, 16);
}
