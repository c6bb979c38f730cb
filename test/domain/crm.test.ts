import { describe, expect, it } from 'vitest';
import { channelCapabilities } from '../../domain/channels';
import {
  canWriteBack,
  contactChangesSchema,
  leadTitle,
  normalizeEmail,
  normalizePhone,
  phoneLookupKey,
  responsibleRouting,
  type ResponsibleFacts,
} from '../../domain/crm';

describe('normalizeEmail', () => {
  it('trims and lower-cases, so "  Anna@Example.COM " finds anna@example.com', () => {
    expect(normalizeEmail('  Anna@Example.COM ')).toBe('anna@example.com');
  });

  it.each([[''], ['   '], [null], [undefined]])('is null for a blank e-mail (%j)', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('normalizePhone and phoneLookupKey', () => {
  it('keeps the digits and the leading + of an international number', () => {
    expect(normalizePhone(' +7 (999) 123-45-67 ')).toBe('+79991234567');
    expect(normalizePhone('8 999 123 45 67')).toBe('89991234567');
  });

  it('is null for something with too few digits to be a phone', () => {
    expect(normalizePhone('ext. 12')).toBeNull();
    expect(normalizePhone('call me')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  it('compares phones by digits alone: with and without the + they are the same number', () => {
    expect(phoneLookupKey('+7 999 123-45-67')).toBe('79991234567');
    expect(phoneLookupKey('79991234567')).toBe(phoneLookupKey('+7 (999) 123 45 67'));
    expect(phoneLookupKey('12')).toBeNull();
  });
});

describe('canWriteBack', () => {
  const none = { email: null, phone: null };

  it('is false for an anonymous website visitor who left no e-mail or phone', () => {
    expect(canWriteBack(channelCapabilities.widget, none)).toBe(false);
    expect(canWriteBack(channelCapabilities.widget, { email: '  ', phone: 'n/a' })).toBe(false);
  });

  it('is true for a website visitor who left an e-mail or a phone', () => {
    expect(canWriteBack(channelCapabilities.widget, { email: 'anna@example.com', phone: null })).toBe(true);
    expect(canWriteBack(channelCapabilities.widget, { email: null, phone: '+7 999 123-45-67' })).toBe(true);
  });

  it.each([['telegram'], ['email'], ['whatsapp'], ['vk']] as const)('is true in %s, which keeps an address to write to', (kind) => {
    expect(canWriteBack(channelCapabilities[kind], none)).toBe(true);
  });
});

describe('responsibleRouting', () => {
  const on = { routeToResponsible: true, availabilityCheck: true };
  const ready: ResponsibleFacts = { userId: 'u1', active: true, available: true };

  it('sends the dialog to an available responsible user', () => {
    expect(responsibleRouting(on, ready)).toBe('responsible');
  });

  it('uses the queue when the line does not route to responsible users, or nobody is responsible', () => {
    expect(responsibleRouting({ ...on, routeToResponsible: false }, ready)).toBe('queue');
    expect(responsibleRouting(on, null)).toBe('queue');
  });

  it('with the availability check on, an unavailable responsible user leaves the dialog to the general queue', () => {
    expect(responsibleRouting(on, { ...ready, available: false })).toBe('queue');
  });

  it('with the availability check off, the dialog stays with the unavailable responsible user', () => {
    expect(responsibleRouting({ ...on, availabilityCheck: false }, { ...ready, available: false })).toBe('responsible');
  });

  it('never gives it to a deactivated user, whatever the availability check', () => {
    expect(responsibleRouting(on, { ...ready, active: false })).toBe('queue');
    expect(responsibleRouting({ ...on, availabilityCheck: false }, { ...ready, active: false, available: false })).toBe('queue');
  });

  it('leaves it to the queue when the responsible user is at the ceiling of open dialogs or already let it pass', () => {
    expect(responsibleRouting({ ...on, availabilityCheck: false }, { ...ready, atCeiling: true })).toBe('queue');
    expect(responsibleRouting(on, { ...ready, letItPass: true })).toBe('queue');
  });
});

describe('leadTitle', () => {
  it('names the client and the channel', () => {
    expect(leadTitle({ id: 7, name: 'Anna', email: 'anna@example.com' }, 'Website chat')).toBe('Chat with Anna via Website chat');
    expect(leadTitle({ id: 7, name: null, email: null, phone: '+79991234567' }, 'Telegram')).toBe('Chat with +79991234567 via Telegram');
    expect(leadTitle({ id: 7, name: null }, 'Telegram')).toBe('Chat with Visitor #7 via Telegram');
  });
});

describe('contactChangesSchema', () => {
  it('normalizes e-mail and phone, and turns an empty field into "clear it"', () => {
    expect(contactChangesSchema.parse({ name: ' Anna ', email: ' Anna@Example.com', phone: '+7 999 123-45-67' })).toEqual({
      name: 'Anna',
      email: 'anna@example.com',
      phone: '+79991234567',
    });
    expect(contactChangesSchema.parse({ name: '', email: '', phone: '' })).toEqual({ name: null, email: null, phone: null });
  });

  it('names the field and the fix for a bad e-mail or phone', () => {
    const result = contactChangesSchema.safeParse({ email: 'anna-at-example', phone: '12' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues).toEqual([
      ['email', 'must be an e-mail address like name@example.com, or empty'],
      ['phone', 'must have at least 5 digits, or be empty'],
    ]);
  });
});
