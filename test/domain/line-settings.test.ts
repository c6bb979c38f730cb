import { describe, expect, it } from 'vitest';
import { defaultLineSettings, lineSettingsSchema, operatorNameForClient } from '../../domain/line-settings';

describe('line settings', () => {
  it('fills every group with the defaults of SPEC §3', () => {
    const settings = defaultLineSettings();
    expect(settings.distribution).toEqual({ mode: 'evenly', handoffMinutes: 1, availabilityCheck: true, limit: { enabled: false, maxOpenDialogs: 10, countWaitingForClient: true } });
    expect(settings.autoClose.afterMinutes).toBe(7 * 24 * 60);
    expect(settings.expiry.afterMinutes).toBe(30 * 24 * 60);
    expect(settings.noAnswer).toMatchObject({ minutes: 2, action: 'send_text' });
    expect(settings.closing.reopenWindowMinutes).toBe(0);
    expect(settings.workingHours).toMatchObject({ enabled: false, timeZone: 'UTC' });
    expect(settings.greeting.enabled).toBe(true);
    expect(settings.rating).toMatchObject({ enabled: true, scale: 'like_dislike', timeLimitMinutes: 24 * 60 });
  });

  it('gives a new line its client-facing texts in the given language, English by default', () => {
    const russian = defaultLineSettings('ru');
    expect(russian.greeting.text).toBe('Здравствуйте! Оператор скоро вам ответит.');
    expect(russian.noAnswer.text).toMatch(/^Спасибо за ожидание!/);
    expect(russian.workingHours.outOfHours.text).toMatch(/^Сейчас нерабочее время/);
    expect(russian.rating).toMatchObject({ requestText: 'Пожалуйста, оцените качество обслуживания.', thanksGoodText: 'Спасибо за оценку!' });
    expect(russian.rating.externalRequestText).toContain('«да» / «нет»');
    // Everything but the texts is the same default line.
    const english = defaultLineSettings();
    expect(english.greeting.text).toBe('Hello! An operator will answer you shortly.');
    expect({ ...russian.distribution, ...russian.kpi }).toEqual({ ...english.distribution, ...english.kpi });
    // A stored document without a text still reads as the English default, as before.
    expect(lineSettingsSchema.parse({}).greeting.text).toBe(english.greeting.text);
  });

  it('keeps stored values and adds defaults for groups an older document lacks', () => {
    const settings = lineSettingsSchema.parse({ distribution: { handoffMinutes: 5 } });
    expect(settings.distribution).toMatchObject({ mode: 'evenly', handoffMinutes: 5 });
    expect(settings.closing.text).toBe('');
  });

  it('accepts an empty text while its feature is off', () => {
    const settings = lineSettingsSchema.parse({ greeting: { enabled: false, text: '' }, rating: { enabled: false, requestText: '' } });
    expect(settings.greeting.text).toBe('');
  });

  it.each([
    [{ distribution: { handoffMinutes: 0 } }, 'distribution.handoffMinutes', 'at least 1 minute'],
    [{ distribution: { handoffMinutes: 31 } }, 'distribution.handoffMinutes', 'at most 30 minutes'],
    [{ distribution: { handoffMinutes: 1.5 } }, 'distribution.handoffMinutes', 'whole number'],
    [{ greeting: { enabled: true, text: '   ' } }, 'greeting.text', 'must not be empty while the greeting is on'],
    [{ rating: { enabled: true, requestText: '' } }, 'rating.requestText', 'must not be empty while rating is on'],
    [{ rating: { scale: 'ten' } }, 'rating.scale', ''],
    [{ distribution: { limit: { maxOpenDialogs: 0 } } }, 'distribution.limit.maxOpenDialogs', 'at least 1'],
    [{ workingHours: { timeZone: 'Mars/Olympus' } }, 'workingHours.timeZone', 'IANA time zone'],
    [{ workingHours: { week: { mon: { open: true, from: '18:00', to: '09:00' } } } }, 'workingHours.week.mon.to', 'later than the opening time'],
    [{ workingHours: { holidays: ['31.12.2026'] } }, 'workingHours.holidays.0', 'a date such as'],
    [{ autoClose: { afterMinutes: 91 * 24 * 60 } }, 'autoClose.afterMinutes', 'at most 90 days'],
    [{ noAnswer: { action: 'send_text', text: '' } }, 'noAnswer.text', 'must not be empty'],
    [{ operatorDisplay: { mode: 'line', name: '  ' } }, 'operatorDisplay.name', 'must not be empty while one name is shown'],
    [{ operatorDisplay: { avatarUrl: 'http://example.com/a.png' } }, 'operatorDisplay.avatarUrl', 'https://'],
  ])('rejects %j naming %s', (input, path, text) => {
    const result = lineSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(text);
  });
});

describe('operator name shown to the client', () => {
  it('shows operators under their own name by default', () => {
    const { operatorDisplay } = defaultLineSettings();
    expect(operatorDisplay).toEqual({ mode: 'profile', name: '', avatarUrl: '' });
    expect(operatorNameForClient(operatorDisplay, 'Olga Operator')).toBe('Olga Operator');
  });

  it('shows one name for the whole line, whoever answers', () => {
    const { operatorDisplay } = lineSettingsSchema.parse({ operatorDisplay: { mode: 'line', name: ' Acme Support ', avatarUrl: 'https://cdn.example.com/acme.png' } });
    expect(operatorDisplay.name).toBe('Acme Support');
    expect(operatorNameForClient(operatorDisplay, 'Olga Operator')).toBe('Acme Support');
  });

  it('shows no name when the line hides who answers', () => {
    const { operatorDisplay } = lineSettingsSchema.parse({ operatorDisplay: { mode: 'hidden' } });
    expect(operatorNameForClient(operatorDisplay, 'Olga Operator')).toBeNull();
  });
});
