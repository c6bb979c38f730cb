import { describe, expect, test } from 'vitest';
import { chooseRequestLocale, negotiateLocale } from '../../domain/locale';

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

describe('the language of a staff page', () => {
  test("a signed-in user's profile language wins over the login page's switch and the browser", () => {
    expect(chooseRequestLocale({ profileLocale: 'en', cookieLocale: 'ru', acceptLanguage: 'ru-RU' })).toBe('en');
    expect(chooseRequestLocale({ profileLocale: 'ru', cookieLocale: 'en', acceptLanguage: 'en-GB' })).toBe('ru');
  });

  test("signed out, the login page's switch (the cookie) wins over the browser", () => {
    expect(chooseRequestLocale({ cookieLocale: 'ru', acceptLanguage: 'en-US,en;q=0.9' })).toBe('ru');
    expect(chooseRequestLocale({ profileLocale: null, cookieLocale: 'en', acceptLanguage: 'ru-RU' })).toBe('en');
  });

  test('a cookie naming a language we do not speak (or garbage) is ignored: the browser decides', () => {
    expect(chooseRequestLocale({ cookieLocale: 'de', acceptLanguage: 'ru-RU' })).toBe('ru');
    expect(chooseRequestLocale({ cookieLocale: 'RU; drop table', acceptLanguage: null })).toBe('en');
    expect(chooseRequestLocale({ cookieLocale: '', acceptLanguage: 'ru' })).toBe('ru');
    expect(chooseRequestLocale({})).toBe('en');
  });
});
