import { describe, expect, it } from 'vitest';
import { defaultLineSettings, lineSettingsSchema } from '../../domain/line-settings';

describe('line settings', () => {
  it('fills every group with the defaults of SPEC §3', () => {
    const settings = defaultLineSettings();
    expect(settings.distribution).toEqual({ mode: 'evenly', handoffMinutes: 1 });
    expect(settings.greeting.enabled).toBe(true);
    expect(settings.rating).toMatchObject({ enabled: true, scale: 'like_dislike', timeLimitMinutes: 24 * 60 });
  });

  it('keeps stored values and adds defaults for groups an older document lacks', () => {
    const settings = lineSettingsSchema.parse({ distribution: { handoffMinutes: 5 } });
    expect(settings.distribution).toEqual({ mode: 'evenly', handoffMinutes: 5 });
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
  ])('rejects %j naming %s', (input, path, text) => {
    const result = lineSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(text);
  });
});
