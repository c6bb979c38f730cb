import { describe, expect, it } from 'vitest';
import { nextDeadline, sameDeadline, type ConversationClock } from '../../domain/dialog-deadlines';
import { lineSettingsSchema } from '../../domain/line-settings';

const defaults = lineSettingsSchema.parse({});
const start = '2026-11-21T10:00:00.000Z';
const clock = (overrides: Partial<ConversationClock>): ConversationClock => ({
  noAnswerSince: null,
  noAnswerHandled: false,
  unansweredSince: null,
  operatorWroteLastAt: null,
  operatorAnswered: false,
  kpiAlertedFor: null,
  ...overrides,
});

describe('nextDeadline', () => {
  it('first acts on the no-answer rule two minutes after a new dialog starts', () => {
    expect(nextDeadline(defaults, clock({ noAnswerSince: start, unansweredSince: start }))).toEqual({ kind: 'no_answer', at: '2026-11-21T10:02:00.000Z' });
  });

  it('then lets an unanswered dialog expire after 30 days', () => {
    expect(nextDeadline(defaults, clock({ noAnswerSince: start, noAnswerHandled: true, unansweredSince: start }))).toEqual({ kind: 'expiry', at: '2026-12-21T10:00:00.000Z' });
  });

  it('ignores the no-answer rule when it is set to do nothing', () => {
    const settings = lineSettingsSchema.parse({ noAnswer: { action: 'nothing' } });
    expect(nextDeadline(settings, clock({ noAnswerSince: start, unansweredSince: start }))?.kind).toBe('expiry');
  });

  it('closes a dialog 7 days after the operator wrote last', () => {
    expect(nextDeadline(defaults, clock({ operatorWroteLastAt: start }))).toEqual({ kind: 'auto_close', at: '2026-11-28T10:00:00.000Z' });
  });

  it('never auto-closes when auto-close is off, and has nothing to do then', () => {
    const settings = lineSettingsSchema.parse({ autoClose: { enabled: false } });
    expect(nextDeadline(settings, clock({ operatorWroteLastAt: start }))).toBeNull();
  });

  it('uses the line’s own times', () => {
    const settings = lineSettingsSchema.parse({ noAnswer: { minutes: 10 }, expiry: { afterMinutes: 60 }, autoClose: { afterMinutes: 24 * 60 } });
    expect(nextDeadline(settings, clock({ noAnswerSince: start, unansweredSince: start }))?.at).toBe('2026-11-21T10:10:00.000Z');
    expect(nextDeadline(settings, clock({ unansweredSince: start }))?.at).toBe('2026-11-21T11:00:00.000Z');
    expect(nextDeadline(settings, clock({ operatorWroteLastAt: start }))?.at).toBe('2026-11-22T10:00:00.000Z');
  });

  describe('KPI', () => {
    const kpi = lineSettingsSchema.parse({
      noAnswer: { action: 'nothing' },
      kpi: { firstAnswer: { enabled: true, minutes: 5 }, furtherAnswer: { enabled: true, minutes: 15 } },
    });

    it('raises the first-answer alert when no operator has answered within the limit', () => {
      expect(nextDeadline(kpi, clock({ unansweredSince: start }))).toEqual({ kind: 'kpi_first_answer', at: '2026-11-21T10:05:00.000Z' });
    });

    it('uses the further-answer limit once an operator has answered', () => {
      expect(nextDeadline(kpi, clock({ unansweredSince: start, operatorAnswered: true }))).toEqual({ kind: 'kpi_further_answer', at: '2026-11-21T10:15:00.000Z' });
    });

    it('alerts once per waiting period, then a new client wait starts a new one', () => {
      expect(nextDeadline(kpi, clock({ unansweredSince: start, kpiAlertedFor: start }))?.kind).toBe('expiry');
      const later = '2026-11-21T12:00:00.000Z';
      expect(nextDeadline(kpi, clock({ unansweredSince: later, kpiAlertedFor: start, operatorAnswered: true }))?.at).toBe('2026-11-21T12:15:00.000Z');
    });

    it('has no KPI deadline while the limits are off (the default)', () => {
      expect(nextDeadline({ ...defaults, noAnswer: kpi.noAnswer }, clock({ unansweredSince: start }))?.kind).toBe('expiry');
    });
  });
});

describe('sameDeadline', () => {
  const expiry = { kind: 'expiry' as const, at: '2026-12-21T10:00:00.000Z' };
  it('is the same when the action and the moment are', () => {
    expect(sameDeadline(expiry, { ...expiry })).toBe(true);
    expect(sameDeadline(null, null)).toBe(true);
  });
  it('differs when the moment, the action or its presence does', () => {
    expect(sameDeadline(expiry, { ...expiry, at: '2026-12-21T10:00:00.001Z' })).toBe(false);
    expect(sameDeadline(expiry, { ...expiry, kind: 'kpi_first_answer' })).toBe(false);
    expect(sameDeadline(expiry, null)).toBe(false);
    expect(sameDeadline(null, expiry)).toBe(false);
  });
});
