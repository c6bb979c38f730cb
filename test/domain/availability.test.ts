import { describe, expect, it } from 'vitest';
import {
  absenceInputSchema,
  availabilityReason,
  availabilityReasonCode,
  colleagueAvailability,
  isOperatorAvailable,
  isWorkdayUnattended,
  nextWorkday,
  operatorStatus,
  type OperatorAvailabilityInput,
} from '../../domain/availability';

const at = new Date('2026-11-25T10:00:00Z');
const ready: OperatorAvailabilityInput = { active: true, presence: 'online', workday: 'working', absences: [] };

describe('isOperatorAvailable', () => {
  it('is true for an active, online operator at work with no absence now', () => {
    expect(isOperatorAvailable(ready, at)).toBe(true);
    expect(availabilityReason(ready, at)).toBeNull();
  });

  it.each([
    ['deactivated', { active: false }, 'Account deactivated'],
    ['away', { presence: 'away' }, 'Away'],
    ['offline', { presence: 'offline' }, 'Offline'],
    ['before the working day', { workday: 'not_started' }, 'Working day not started'],
    ['on a break', { workday: 'on_break' }, 'On a break'],
    ['after the working day', { workday: 'finished' }, 'Working day finished'],
  ] as const)('is false when %s, with a reason saying so', (_, change, reason) => {
    const input = { ...ready, ...change };
    expect(isOperatorAvailable(input, at)).toBe(false);
    expect(availabilityReason(input, at)).toBe(reason);
  });

  it('is false inside an absence, with its kind and end date', () => {
    const input = { ...ready, absences: [{ startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-12-02T08:00:00Z', kind: 'vacation' as const }] };
    expect(isOperatorAvailable(input, at)).toBe(false);
    expect(availabilityReason(input, at)).toBe('On vacation until 2 Dec');
  });

  it('counts the start of an absence in and its end out', () => {
    const absence = { startsAt: '2026-11-25T10:00:00Z', endsAt: '2026-11-25T12:00:00Z', kind: 'sick_leave' as const };
    expect(isOperatorAvailable({ ...ready, absences: [absence] }, new Date(absence.startsAt))).toBe(false);
    expect(isOperatorAvailable({ ...ready, absences: [absence] }, new Date(absence.endsAt))).toBe(true);
    expect(isOperatorAvailable({ ...ready, absences: [absence] }, new Date('2026-11-25T09:59:59Z'))).toBe(true);
  });

  it('ignores past and future absences', () => {
    const absences = [
      { startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-10T00:00:00Z' },
      { startsAt: '2026-12-20T00:00:00Z', endsAt: '2027-01-05T00:00:00Z' },
    ];
    expect(isOperatorAvailable({ ...ready, absences }, at)).toBe(true);
  });

  it('names an absence ending today by its time, in the given time zone, and a later one by date', () => {
    const today = { ...ready, absences: [{ startsAt: '2026-11-25T08:00:00Z', endsAt: '2026-11-25T13:30:00Z', kind: 'sick_leave' as const }] };
    expect(availabilityReason(today, at)).toBe('On sick leave until 13:30');
    expect(availabilityReason(today, at, { timeZone: 'Europe/Berlin' })).toBe('On sick leave until 14:30');
    const nextYear = { ...ready, absences: [{ startsAt: '2026-11-20T00:00:00Z', endsAt: '2027-01-04T00:00:00Z' }] };
    expect(availabilityReason(nextYear, at)).toBe('Absent until 4 Jan 2027');
  });

  it('uses the latest end when absences overlap', () => {
    const input = {
      ...ready,
      absences: [
        { startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-11-28T00:00:00Z', kind: 'sick_leave' as const },
        { startsAt: '2026-11-24T00:00:00Z', endsAt: '2026-12-05T00:00:00Z', kind: 'vacation' as const },
      ],
    };
    expect(availabilityReason(input, at)).toBe('On vacation until 5 Dec');
  });
});

describe('operatorStatus', () => {
  it('shows presence before the working day, and the day only when online', () => {
    expect(operatorStatus(ready, at)).toEqual({ key: 'online', label: 'Online', tone: 'green' });
    expect(operatorStatus({ ...ready, presence: 'away', workday: 'on_break' }, at)).toEqual({ key: 'away', label: 'Away', tone: 'amber' });
    expect(operatorStatus({ ...ready, workday: 'on_break' }, at)).toEqual({ key: 'on_break', label: 'On a break', tone: 'amber' });
    expect(operatorStatus({ ...ready, workday: 'not_started' }, at)).toEqual({ key: 'not_started', label: 'Day not started', tone: 'gray' });
    expect(operatorStatus({ ...ready, presence: 'offline' }, at)).toEqual({ key: 'offline', label: 'Offline', tone: 'gray' });
  });
});

describe('availabilityReasonCode', () => {
  it('gives the reason as data the UI words in its language: the absence kind and its end, or the state', () => {
    expect(availabilityReasonCode(ready, at)).toBeNull();
    expect(availabilityReasonCode({ ...ready, active: false }, at)).toEqual({ key: 'deactivated' });
    expect(availabilityReasonCode({ ...ready, presence: 'away', workday: 'on_break' }, at)).toEqual({ key: 'away' });
    expect(availabilityReasonCode({ ...ready, workday: 'finished' }, at)).toEqual({ key: 'finished' });
    const onVacation = { ...ready, absences: [{ startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-12-02T00:00:00Z', kind: 'vacation' as const }] };
    expect(availabilityReasonCode(onVacation, at)).toEqual({ key: 'absent', kind: 'vacation', until: new Date('2026-12-02T00:00:00Z') });
    // Colleagues are not told which kind of absence it is.
    expect(colleagueAvailability(onVacation, at).reasonCode).toEqual({ key: 'absent', kind: null, until: new Date('2026-12-02T00:00:00Z') });
    expect(colleagueAvailability(onVacation, at).status).toEqual({ key: 'absent', label: 'Absent', tone: 'red' });
    expect(operatorStatus(onVacation, at)).toEqual({ key: 'vacation', label: 'Vacation', tone: 'red' });
  });
});

describe('nextWorkday', () => {
  it('walks a day: start, break, back, end, and start again the next day', () => {
    expect(nextWorkday('not_started', 'start')).toEqual({ ok: true, workday: 'working' });
    expect(nextWorkday('working', 'startBreak')).toEqual({ ok: true, workday: 'on_break' });
    expect(nextWorkday('on_break', 'endBreak')).toEqual({ ok: true, workday: 'working' });
    expect(nextWorkday('on_break', 'end')).toEqual({ ok: true, workday: 'finished' });
    expect(nextWorkday('finished', 'start')).toEqual({ ok: true, workday: 'working' });
  });

  it('refuses steps out of order, naming the problem', () => {
    expect(nextWorkday('not_started', 'startBreak')).toEqual({ ok: false, problem: 'Start your working day before taking a break.' });
    expect(nextWorkday('working', 'endBreak')).toEqual({ ok: false, problem: 'You are not on a break, so there is no break to end.' });
    expect(nextWorkday('working', 'start')).toEqual({ ok: false, problem: 'Your working day has already started.' });
    expect(nextWorkday('not_started', 'end')).toEqual({ ok: false, problem: 'Your working day has not started, so it cannot end.' });
    expect(nextWorkday('on_break', 'startBreak')).toEqual({ ok: false, problem: 'You are already on a break.' });
  });
});

describe('absenceInputSchema', () => {
  it('names endsAt when the absence ends before it starts', () => {
    const result = absenceInputSchema.safeParse({ userId: 'u', startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z', kind: 'vacation' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['endsAt', 'must be after the start']]);
  });

  it('names each unreadable field', () => {
    const result = absenceInputSchema.safeParse({ userId: 'u', startsAt: '', endsAt: 'tomorrow', kind: 'holiday' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['startsAt', 'endsAt', 'kind']);
  });
});

describe('isWorkdayUnattended', () => {
  const hoursBefore = (hours: number) => new Date(at.getTime() - hours * 3_600_000);

  it('finishes a working day or a break left running for 16 hours since the last step', () => {
    expect(isWorkdayUnattended({ workday: 'working', workdayChangedAt: hoursBefore(16) }, at)).toBe(true);
    expect(isWorkdayUnattended({ workday: 'on_break', workdayChangedAt: hoursBefore(30) }, at)).toBe(true);
  });

  it('leaves a long shift alone while it is under 16 hours since the last step', () => {
    expect(isWorkdayUnattended({ workday: 'working', workdayChangedAt: new Date(hoursBefore(16).getTime() + 1000) }, at)).toBe(false);
    expect(isWorkdayUnattended({ workday: 'on_break', workdayChangedAt: hoursBefore(1) }, at)).toBe(false);
  });

  it('has nothing to finish when the day is not running', () => {
    expect(isWorkdayUnattended({ workday: 'finished', workdayChangedAt: hoursBefore(40) }, at)).toBe(false);
    expect(isWorkdayUnattended({ workday: 'not_started', workdayChangedAt: hoursBefore(40) }, at)).toBe(false);
    expect(isWorkdayUnattended({ workday: 'working', workdayChangedAt: null }, at)).toBe(false);
  });
});
