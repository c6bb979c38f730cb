import { describe, expect, it } from 'vitest';
import { normalizeDate, normalizeNumber, validateAnswer } from '../../../domain/flows/answers';
import type { AskAnswerKind } from '../../../domain/flows/document';

const choices = [
  { id: 'delivery', label: 'Delivery' },
  { id: 'returns', label: 'Returns and refunds' },
];
const answer = (kind: AskAnswerKind, text: string) => validateAnswer({ answer: kind, choices }, text);

describe('validateAnswer', () => {
  it('takes any non-blank text, trimmed', () => {
    expect(answer('text', '  Anna Smith ')).toEqual({ ok: true, value: 'Anna Smith' });
    expect(answer('text', '   ')).toEqual({ ok: false });
  });

  it('matches a choice by its label or id in any case, or by its number, and stores the label', () => {
    expect(answer('choice', 'returns AND refunds')).toEqual({ ok: true, value: 'Returns and refunds' });
    expect(answer('choice', 'DELIVERY')).toEqual({ ok: true, value: 'Delivery' });
    expect(answer('choice', '2')).toEqual({ ok: true, value: 'Returns and refunds' });
    expect(answer('choice', '3')).toEqual({ ok: false });
    expect(answer('choice', '0')).toEqual({ ok: false });
    expect(answer('choice', 'something else')).toEqual({ ok: false });
  });

  it('accepts an e-mail address, lower-cased as contacts store it', () => {
    expect(answer('email', ' Anna@Example.COM ')).toEqual({ ok: true, value: 'anna@example.com' });
    expect(answer('email', 'anna at example.com')).toEqual({ ok: false });
  });

  it('normalizes a phone like contacts do, and refuses words or too few digits', () => {
    expect(answer('phone', '+7 (999) 123-45-67')).toEqual({ ok: true, value: '+79991234567' });
    expect(answer('phone', '8 999 123 45 67')).toEqual({ ok: true, value: '89991234567' });
    expect(answer('phone', 'call me at 89991234567')).toEqual({ ok: false });
    expect(answer('phone', '123')).toEqual({ ok: false });
    expect(answer('phone', '1234567890123456')).toEqual({ ok: false });
  });

  it('reads numbers written the local way', () => {
    expect(answer('number', '1 234,5')).toEqual({ ok: true, value: '1234.5' });
    expect(answer('number', 'twelve')).toEqual({ ok: false });
  });

  it('turns day-first dates into ISO dates and refuses dates that do not exist', () => {
    expect(answer('date', '09.03.2026')).toEqual({ ok: true, value: '2026-03-09' });
    expect(answer('date', '31/02/2026')).toEqual({ ok: false });
  });
});

describe('normalizeNumber', () => {
  it.each([
    ['42', '42'],
    ['1 234,5', '1234.5'],
    ['1\u00a0234\u00a0567', '1234567'],
    ['1.234,50', '1234.5'],
    ['1,234.50', '1234.5'],
    ['1,234', '1234'],
    ['1,234,567', '1234567'],
    ['1.234.567', '1234567'],
    ['12,75', '12.75'],
    ['0,125', '0.125'],
    ['3.5', '3.5'],
    ['-0,5', '-0.5'],
    ['+7', '7'],
    ['007', '7'],
    ['.5', '0.5'],
    ['-0', '0'],
  ])('reads %j as %s', (typed, value) => {
    expect(normalizeNumber(typed)).toBe(value);
  });

  it.each([[''], ['abc'], ['1,2.3,4'], ['12,34,567'], ['1.2.3'], ['5.'], ['1e5'], ['--1']])('refuses %j', (typed) => {
    expect(normalizeNumber(typed)).toBeNull();
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2026-03-09', '2026-03-09'],
    ['2026-3-9', '2026-03-09'],
    ['09.03.2026', '2026-03-09'],
    ['9/3/2026', '2026-03-09'],
    ['29.02.2024', '2024-02-29'],
    ['29.02.2000', '2000-02-29'],
  ])('reads %j as %s', (typed, iso) => {
    expect(normalizeDate(typed)).toBe(iso);
  });

  it.each([['29.02.2026'], ['29.02.1900'], ['31.04.2026'], ['00.01.2026'], ['01.13.2026'], ['2026-02-30'], ['03/09/26'], ['tomorrow']])(
    'refuses %j',
    (typed) => {
      expect(normalizeDate(typed)).toBeNull();
    },
  );
});
