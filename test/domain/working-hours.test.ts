import { describe, expect, it } from 'vitest';
import { workingHoursSettingsSchema, type Weekday } from '../../domain/line-settings';
import { isWithinWorkingHours, localTimeOfDay, nextOpeningAt, openingPeriodAt, type WorkingHoursSettings } from '../../domain/working-hours';

type DayInput = { open: boolean; from: string; to: string };

/** Office hours Mon–Fri 09:00–18:00 (the defaults) in `timeZone`, with changes per weekday. */
function hours(timeZone: string, week: Partial<Record<Weekday, DayInput>> = {}, holidays: string[] = []): WorkingHoursSettings {
  const office = { open: true, from: '09:00', to: '18:00' };
  const off = { open: false, from: '09:00', to: '18:00' };
  return workingHoursSettingsSchema.parse({
    enabled: true,
    timeZone,
    holidays,
    week: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: off, sun: off, ...week },
  });
}

const open = (at: string, h: WorkingHoursSettings) => isWithinWorkingHours(h, new Date(at));
const next = (at: string, h: WorkingHoursSettings) => nextOpeningAt(h, new Date(at))?.toISOString() ?? null;
const sunday = (from: string, to: string) => ({ sun: { open: true, from, to } });

describe('isWithinWorkingHours', () => {
  const berlin = hours('Europe/Berlin');

  it('is always open while working hours are off', () => {
    const off = { ...berlin, enabled: false };
    expect(isWithinWorkingHours(off, new Date('2026-01-10T03:00:00Z'))).toBe(true); // a Saturday night
    expect(nextOpeningAt(off, new Date('2026-01-10T03:00:00Z'))).toBeNull();
    expect(openingPeriodAt(off, new Date('2026-01-10T03:00:00Z'))).toBeNull();
  });

  it('is open on a weekday between the opening and the closing time of the line’s zone', () => {
    // Monday 2026-01-05, Berlin is UTC+1 in winter.
    expect(open('2026-01-05T07:59:59.999Z', berlin)).toBe(false); // 08:59:59.999
    expect(open('2026-01-05T08:00:00Z', berlin)).toBe(true); // exactly 09:00: open
    expect(open('2026-01-05T12:00:00Z', berlin)).toBe(true);
    expect(open('2026-01-05T16:59:59.999Z', berlin)).toBe(true);
    expect(open('2026-01-05T17:00:00Z', berlin)).toBe(false); // exactly 18:00: closed
  });

  it('uses summer time in summer', () => {
    // Wednesday 2026-07-01, Berlin is UTC+2.
    expect(open('2026-07-01T06:59:00Z', berlin)).toBe(false);
    expect(open('2026-07-01T07:00:00Z', berlin)).toBe(true);
    expect(open('2026-07-01T15:59:00Z', berlin)).toBe(true);
    expect(open('2026-07-01T16:00:00Z', berlin)).toBe(false);
  });

  it('is closed on days off and on holidays', () => {
    expect(open('2026-01-10T12:00:00Z', berlin)).toBe(false); // Saturday
    expect(open('2026-01-11T12:00:00Z', berlin)).toBe(false); // Sunday
    const christmas = hours('Europe/Berlin', {}, ['2026-12-24', '2026-12-25']);
    expect(open('2026-12-23T12:00:00Z', christmas)).toBe(true);
    expect(open('2026-12-24T12:00:00Z', christmas)).toBe(false);
    expect(open('2026-12-25T12:00:00Z', christmas)).toBe(false);
  });

  it('keeps each weekday’s own hours', () => {
    const h = hours('Europe/Berlin', { fri: { open: true, from: '10:00', to: '14:30' }, sat: { open: true, from: '10:00', to: '13:00' } });
    expect(open('2026-01-09T08:30:00Z', h)).toBe(false); // Friday 09:30
    expect(open('2026-01-09T13:29:00Z', h)).toBe(true); // Friday 14:29
    expect(open('2026-01-09T13:30:00Z', h)).toBe(false); // Friday 14:30
    expect(open('2026-01-10T11:00:00Z', h)).toBe(true); // Saturday 12:00
  });

  it('reads the date of a holiday in the line’s zone, not in UTC', () => {
    // Monday 2026-05-04 23:30 UTC is already Tuesday 2026-05-05 08:30 in Tokyo.
    const tokyo = hours('Asia/Tokyo', { tue: { open: true, from: '08:00', to: '17:00' } }, ['2026-05-05']);
    expect(open('2026-05-04T23:30:00Z', tokyo)).toBe(false);
    expect(open('2026-05-04T23:30:00Z', hours('Asia/Tokyo', { tue: { open: true, from: '08:00', to: '17:00' } }))).toBe(true);
  });

  it('works in zones far from UTC', () => {
    // Kiritimati is UTC+14: Monday 09:00 there is Sunday 19:00 UTC.
    const kiritimati = hours('Pacific/Kiritimati');
    expect(open('2026-01-04T18:59:00Z', kiritimati)).toBe(false);
    expect(open('2026-01-04T19:00:00Z', kiritimati)).toBe(true);
    // Honolulu is UTC-10: Friday 17:00 there is Saturday 03:00 UTC.
    const honolulu = hours('Pacific/Honolulu');
    expect(open('2026-01-10T03:00:00Z', honolulu)).toBe(true);
    expect(open('2026-01-10T04:00:00Z', honolulu)).toBe(false);
    // Kathmandu is UTC+5:45: Monday 09:00 there is 03:15 UTC.
    const kathmandu = hours('Asia/Kathmandu');
    expect(open('2026-01-05T03:14:00Z', kathmandu)).toBe(false);
    expect(open('2026-01-05T03:15:00Z', kathmandu)).toBe(true);
  });

  describe('Europe/Berlin, spring forward on Sunday 2026-03-29 (02:00 → 03:00)', () => {
    it('opens at 09:00 summer time that day', () => {
      const h = hours('Europe/Berlin', sunday('09:00', '18:00'));
      expect(open('2026-03-29T06:59:00Z', h)).toBe(false);
      expect(open('2026-03-29T07:00:00Z', h)).toBe(true);
      expect(open('2026-03-29T15:59:00Z', h)).toBe(true);
      expect(open('2026-03-29T16:00:00Z', h)).toBe(false);
    });

    it('treats an opening time inside the skipped hour as the first instant after it (03:00)', () => {
      const h = hours('Europe/Berlin', sunday('02:30', '10:00'));
      expect(open('2026-03-29T00:59:59.999Z', h)).toBe(false); // 01:59:59.999 winter time
      expect(open('2026-03-29T01:00:00Z', h)).toBe(true); // 03:00 summer time
      expect(openingPeriodAt(h, new Date('2026-03-29T05:00:00Z'))).toEqual({ opensAt: new Date('2026-03-29T01:00:00Z'), closesAt: new Date('2026-03-29T08:00:00Z') });
      expect(next('2026-03-28T12:00:00Z', h)).toBe('2026-03-29T01:00:00.000Z');
    });

    it('closes at 03:00 for a closing time inside the skipped hour, and stays shut when both ends fall in it', () => {
      expect(openingPeriodAt(hours('Europe/Berlin', sunday('01:00', '02:30')), new Date('2026-03-29T00:30:00Z'))).toEqual({
        opensAt: new Date('2026-03-29T00:00:00Z'),
        closesAt: new Date('2026-03-29T01:00:00Z'),
      });
      const lost = hours('Europe/Berlin', sunday('02:10', '02:50'));
      expect(open('2026-03-29T01:00:00Z', lost)).toBe(false);
      expect(next('2026-03-28T12:00:00Z', lost)).toBe('2026-03-30T07:00:00.000Z'); // Monday 09:00
    });
  });

  describe('Europe/Berlin, fall back on Sunday 2026-10-25 (03:00 → 02:00)', () => {
    it('opens at 09:00 winter time that day', () => {
      const h = hours('Europe/Berlin', sunday('09:00', '18:00'));
      expect(open('2026-10-25T07:59:00Z', h)).toBe(false);
      expect(open('2026-10-25T08:00:00Z', h)).toBe(true);
      expect(open('2026-10-25T16:59:00Z', h)).toBe(true);
      expect(open('2026-10-25T17:00:00Z', h)).toBe(false);
    });

    it('takes the first occurrence of a time in the repeated hour, and never reopens in its second pass', () => {
      const h = hours('Europe/Berlin', sunday('01:00', '02:30'));
      expect(open('2026-10-24T23:00:00Z', h)).toBe(true); // 01:00 summer time
      expect(open('2026-10-25T00:29:00Z', h)).toBe(true); // 02:29 summer time
      expect(open('2026-10-25T00:30:00Z', h)).toBe(false); // 02:30 summer time: closed
      expect(open('2026-10-25T01:15:00Z', h)).toBe(false); // 02:15 winter time, the hour again
      const early = hours('Europe/Berlin', sunday('02:30', '12:00'));
      expect(open('2026-10-25T00:29:00Z', early)).toBe(false);
      expect(open('2026-10-25T00:30:00Z', early)).toBe(true); // the first 02:30
      expect(open('2026-10-25T10:59:00Z', early)).toBe(true); // 11:59 winter time
      expect(open('2026-10-25T11:00:00Z', early)).toBe(false);
    });
  });

  describe('America/New_York', () => {
    const ny = hours('America/New_York', sunday('09:00', '17:00'));

    it('spring forward on Sunday 2026-03-08 (02:00 → 03:00)', () => {
      expect(open('2026-03-08T12:59:00Z', ny)).toBe(false);
      expect(open('2026-03-08T13:00:00Z', ny)).toBe(true); // 09:00 EDT
      expect(open('2026-03-08T20:59:00Z', ny)).toBe(true);
      expect(open('2026-03-08T21:00:00Z', ny)).toBe(false);
      const early = hours('America/New_York', sunday('02:30', '17:00'));
      expect(open('2026-03-08T06:59:00Z', early)).toBe(false); // 01:59 EST
      expect(open('2026-03-08T07:00:00Z', early)).toBe(true); // 03:00 EDT
    });

    it('fall back on Sunday 2026-11-01 (02:00 → 01:00)', () => {
      expect(open('2026-11-01T13:59:00Z', ny)).toBe(false);
      expect(open('2026-11-01T14:00:00Z', ny)).toBe(true); // 09:00 EST
      expect(open('2026-11-01T21:59:00Z', ny)).toBe(true);
      expect(open('2026-11-01T22:00:00Z', ny)).toBe(false);
      const late = hours('America/New_York', sunday('00:00', '01:30'));
      expect(open('2026-11-01T05:29:00Z', late)).toBe(true); // 01:29 EDT
      expect(open('2026-11-01T05:30:00Z', late)).toBe(false); // the first 01:30
      expect(open('2026-11-01T06:10:00Z', late)).toBe(false); // 01:10 EST, the repeated hour
    });
  });

  it('handles a half-hour daylight-saving shift (Australia/Lord_Howe, 2026-10-04 02:00 → 02:30)', () => {
    const h = hours('Australia/Lord_Howe', sunday('02:15', '12:00'));
    // 02:30 LHDT (UTC+11) is 15:30 UTC the day before.
    expect(open('2026-10-03T15:29:00Z', h)).toBe(false);
    expect(open('2026-10-03T15:30:00Z', h)).toBe(true);
  });

  it('names the zone when it is unknown', () => {
    expect(() => isWithinWorkingHours({ ...hours('UTC'), timeZone: 'Mars/Olympus' }, new Date('2026-01-05T12:00:00Z'))).toThrow(/Mars\/Olympus/);
  });
});

describe('nextOpeningAt', () => {
  const berlin = hours('Europe/Berlin');

  it('is the coming opening while closed, and the same for every instant of one closed stretch', () => {
    // Friday 2026-01-09 after 18:00 until Monday 09:00.
    for (const at of ['2026-01-09T17:00:00Z', '2026-01-10T12:00:00Z', '2026-01-11T23:00:00Z', '2026-01-12T07:59:59.999Z']) {
      expect(next(at, berlin)).toBe('2026-01-12T08:00:00.000Z');
    }
  });

  it('is the opening after today’s close while open', () => {
    expect(next('2026-01-05T08:00:00Z', berlin)).toBe('2026-01-06T08:00:00.000Z');
    expect(next('2026-01-09T16:59:00Z', berlin)).toBe('2026-01-12T08:00:00.000Z'); // Friday → Monday
  });

  it('skips holidays', () => {
    const h = hours('Europe/Berlin', {}, ['2026-12-24', '2026-12-25', '2026-12-28']);
    // Wednesday 2026-12-23 evening: Thu and Fri are holidays, then the weekend, then Monday too.
    expect(next('2026-12-23T18:00:00Z', h)).toBe('2026-12-29T08:00:00.000Z');
  });

  it('moves with daylight saving time', () => {
    // Friday 2026-03-27 evening (UTC+1) → Monday 2026-03-30 09:00 (UTC+2).
    expect(next('2026-03-27T18:00:00Z', berlin)).toBe('2026-03-30T07:00:00.000Z');
    // Friday 2026-10-23 evening (UTC+2) → Monday 2026-10-26 09:00 (UTC+1).
    expect(next('2026-10-23T18:00:00Z', berlin)).toBe('2026-10-26T08:00:00.000Z');
    const ny = hours('America/New_York');
    expect(next('2026-03-06T23:00:00Z', ny)).toBe('2026-03-09T13:00:00.000Z'); // → Monday 09:00 EDT
    expect(next('2026-10-30T22:00:00Z', ny)).toBe('2026-11-02T14:00:00.000Z'); // → Monday 09:00 EST
  });

  it('works in zones far from UTC', () => {
    // Friday 2026-01-09 18:00 in Kiritimati (UTC+14) → Monday 09:00 there = Sunday 19:00 UTC.
    expect(next('2026-01-09T04:00:00Z', hours('Pacific/Kiritimati'))).toBe('2026-01-11T19:00:00.000Z');
    // Friday 2026-01-09 18:00 in Honolulu (UTC-10) → Monday 09:00 there = 19:00 UTC.
    expect(next('2026-01-10T04:00:00Z', hours('Pacific/Honolulu'))).toBe('2026-01-12T19:00:00.000Z');
  });

  it('is null when no day is open within 400 days', () => {
    const closed = Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, { open: false, from: '09:00', to: '18:00' }]));
    expect(next('2026-01-05T12:00:00Z', hours('Europe/Berlin', closed))).toBeNull();
    // Only Mondays open, and the next 58 Mondays (406 days) are holidays.
    const onlyMonday = { ...closed, mon: { open: true, from: '09:00', to: '18:00' } };
    const mondays = Array.from({ length: 58 }, (_, i) => new Date(Date.UTC(2026, 0, 12 + 7 * i)).toISOString().slice(0, 10));
    expect(next('2026-01-06T12:00:00Z', hours('Europe/Berlin', onlyMonday, mondays))).toBeNull();
    expect(next('2026-01-06T12:00:00Z', hours('Europe/Berlin', onlyMonday, mondays.slice(0, 50)))).toBe(`${new Date(Date.UTC(2026, 0, 12 + 7 * 50)).toISOString().slice(0, 10)}T08:00:00.000Z`);
  });
});

describe('localTimeOfDay', () => {
  it('reads the wall clock of the zone, across a daylight-saving change', () => {
    expect(localTimeOfDay('Europe/Berlin', new Date('2026-03-29T00:30:00Z'))).toBe('01:30');
    expect(localTimeOfDay('Europe/Berlin', new Date('2026-03-29T01:30:00Z'))).toBe('03:30');
    expect(localTimeOfDay('America/New_York', new Date('2026-11-21T15:05:00Z'))).toBe('10:05');
  });
});
