import { describe, expect, test } from 'vitest';
import { negotiateLocale } from '../../domain/locale';

describe('the language chosen for a browser that is not signed in', () => {
  test('a Russian browser gets Russian, whatever its region', () => {
    expect(negotiateLocale('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
    expect(negotiateLocale('ru-KZ')).toBe('ru');
  });

  test('weights win over order, and a language refused with q=0 is never chosen', () => {
    expect(negotiateLocale('de;q=1, en;q=0.5, ru;q=0.8')).toBe('ru');
    expect(negotiateLocale('ru;q=0, en;q=0.1')).toBe('en');
  });

  test('no header, or only languages we do not speak, gives English', () => {
    expect(negotiateLocale(null)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale('de-DE,fr;q=0.9')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
  });
});
