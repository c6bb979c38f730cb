import { describe, expect, it } from 'vitest';
import { daysOfPeriod, splitPeriodByMonths } from '../../domain/statistics';

/** Every day the split covers, in order (months expanded to their days). */
function coveredDays(from: string, to: string): string[] {
  const split = splitPeriodByMonths(from, to);
  const days: string[] = [];
  if (split.leadingDays) days.push(...daysOfPeriod(split.leadingDays.from, split.leadingDays.to));
  if (split.months) {
    const [year, month] = split.months.to.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    days.push(...daysOfPeriod(split.months.from, lastDay));
  }
  if (split.trailingDays) days.push(...daysOfPeriod(split.trailingDays.from, split.trailingDays.to));
  return days;
}

describe('splitting a period into leading days, whole months and trailing days', () => {
  it('reads whole months in the middle and the partial months at the ends as days', () => {
    expect(splitPeriodByMonths('2026-01-15', '2026-04-10')).toEqual({
      leadingDays: { from: '2026-01-15', to: '2026-01-31' },
      months: { from: '2026-02-01', to: '2026-03-01' },
      trailingDays: { from: '2026-04-01', to: '2026-04-10' },
    });
  });

  it('has no leading or trailing days when the period starts on a 1st and ends on a month’s last day', () => {
    expect(splitPeriodByMonths('2026-02-01', '2026-02-28')).toEqual({ leadingDays: null, months: { from: '2026-02-01', to: '2026-02-01' }, trailingDays: null });
    expect(splitPeriodByMonths('2025-12-01', '2026-01-31')).toEqual({ leadingDays: null, months: { from: '2025-12-01', to: '2026-01-01' }, trailingDays: null });
    expect(splitPeriodByMonths('2026-03-01', '2026-03-31').months).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  it('reads a period inside one month, or spanning two without a whole one, as days only', () => {
    expect(splitPeriodByMonths('2026-03-05', '2026-03-20')).toEqual({ leadingDays: { from: '2026-03-05', to: '2026-03-20' }, months: null, trailingDays: null });
    expect(splitPeriodByMonths('2026-03-02', '2026-04-30')).toEqual({ leadingDays: { from: '2026-03-02', to: '2026-03-31' }, months: { from: '2026-04-01', to: '2026-04-01' }, trailingDays: null });
    expect(splitPeriodByMonths('2026-03-01', '2026-03-30')).toEqual({ leadingDays: { from: '2026-03-01', to: '2026-03-30' }, months: null, trailingDays: null });
    expect(splitPeriodByMonths('2026-03-31', '2026-04-01')).toEqual({ leadingDays: { from: '2026-03-31', to: '2026-04-01' }, months: null, trailingDays: null });
    expect(splitPeriodByMonths('2026-03-31', '2026-03-31')).toEqual({ leadingDays: { from: '2026-03-31', to: '2026-03-31' }, months: null, trailingDays: null });
  });

  it('knows February of a leap year has 29 days', () => {
    expect(splitPeriodByMonths('2028-02-01', '2028-02-28').months).toBeNull();
    expect(splitPeriodByMonths('2028-02-01', '2028-02-29').months).toEqual({ from: '2028-02-01', to: '2028-02-01' });
    expect(splitPeriodByMonths('2028-01-10', '2028-03-01')).toEqual({
      leadingDays: { from: '2028-01-10', to: '2028-01-31' },
      months: { from: '2028-02-01', to: '2028-02-01' },
      trailingDays: { from: '2028-03-01', to: '2028-03-01' },
    });
  });

  it('covers every day of the period exactly once (a year and a day, in many positions)', () => {
    for (const [from, to] of [['2027-03-01', '2028-03-01'], ['2025-12-05', '2026-12-04'], ['2026-01-01', '2026-12-31'], ['2027-02-28', '2028-02-29']] as const) {
      expect(coveredDays(from, to)).toEqual(daysOfPeriod(from, to));
    }
  });
});
