import { describe, expect, it } from 'vitest';
import { nextDeadline, type ConversationClock } from '../../domain/dialog-deadlines';
import { lineSettingsSchema } from '../../domain/line-settings';

const defaults = lineSettingsSchema.parse({});
const start = '2026-11-21T10:00:00.000Z';
const clock = (overrides: Partial<ConversationClock>): ConversationClock => ({
  noAnswerSince: null,
  noAnswerHandled: false,
  unansweredSince: null,
  operatorWroteLastAt: null,
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
});
