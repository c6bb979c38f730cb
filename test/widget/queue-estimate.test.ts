import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../domain/locale';
import { queueStatusText } from '../../web/features/widget/format';
import { messagesByLocale } from '../../web/i18n/messages';
import { estimateWait } from '../../web/server/channels/widget/queue-estimate';

/** SPEC §4 rule 3: the median recent wait, scaled by the visitor's place in the queue. */
describe('estimateWait', () => {
  it('has no estimate without accepted dialogs to base it on', () => {
    expect(estimateWait({ position: 1, recentWaitsSeconds: [] })).toEqual({ minutes: null });
  });

  it('uses the median wait times the position, rounded up to whole minutes', () => {
    // Median of 60, 120, 180 is 120 s.
    expect(estimateWait({ position: 1, recentWaitsSeconds: [180, 60, 120] })).toEqual({ minutes: 2 });
    expect(estimateWait({ position: 3, recentWaitsSeconds: [180, 60, 120] })).toEqual({ minutes: 6 });
    // Even count: the mean of the middle two (90 and 150 → 120 s); 2.5 min rounds up to 3.
    expect(estimateWait({ position: 1, recentWaitsSeconds: [30, 90, 150, 600] })).toEqual({ minutes: 2 });
    expect(estimateWait({ position: 1, recentWaitsSeconds: [100, 200] })).toEqual({ minutes: 3 });
  });

  it('is not swung by one dialog left waiting overnight', () => {
    expect(estimateWait({ position: 2, recentWaitsSeconds: [60, 60, 60, 60, 12 * 3600] })).toEqual({ minutes: 2 });
  });

  it('says at least a minute, even when dialogs are taken at once', () => {
    expect(estimateWait({ position: 1, recentWaitsSeconds: [0, 2, 5] })).toEqual({ minutes: 1 });
  });

  it('ignores nonsense waits and positions', () => {
    expect(estimateWait({ position: 1, recentWaitsSeconds: [Number.NaN, -30, 240] })).toEqual({ minutes: 4 });
    expect(estimateWait({ position: 0, recentWaitsSeconds: [60] })).toEqual({ minutes: null });
    expect(estimateWait({ position: 1.5, recentWaitsSeconds: [60] })).toEqual({ minutes: null });
  });
});

describe('the queue line above the composer', () => {
  const textIn = (locale: Locale) => {
    const t = createTranslator({ locale, messages: messagesByLocale[locale], namespace: 'widget' });
    return (queue: { position: number; estimatedMinutes: number | null }) => queueStatusText(queue, t);
  };

  it('names the place, and the wait when there is one', () => {
    const text = textIn('en');
    expect(text({ position: 3, estimatedMinutes: 4 })).toBe('You are number 3 in line · about 4 minutes');
    expect(text({ position: 1, estimatedMinutes: 1 })).toBe('You are next in line · about 1 minute');
    expect(text({ position: 1, estimatedMinutes: null })).toBe('You are next in line');
    expect(text({ position: 2, estimatedMinutes: null })).toBe('You are number 2 in line');
  });

  it('in Russian, with the minutes in the right plural form', () => {
    const text = textIn('ru');
    expect(text({ position: 1, estimatedMinutes: null })).toBe('Вы следующий в очереди');
    expect(text({ position: 3, estimatedMinutes: 1 })).toBe('Вы 3-й в очереди · около 1 минуты');
    expect(text({ position: 3, estimatedMinutes: 4 })).toBe('Вы 3-й в очереди · около 4 минут');
    expect(text({ position: 3, estimatedMinutes: 21 })).toBe('Вы 3-й в очереди · около 21 минуты');
  });
});
