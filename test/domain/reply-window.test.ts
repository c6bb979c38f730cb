import { describe, expect, it } from 'vitest';
import { formatTimeLeft, replyWindowOf } from '../../domain/reply-window';

const lastMessage = new Date('2026-12-01T10:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('replyWindowOf', () => {
  it('keeps a WhatsApp window open for 24 hours after the client last wrote', () => {
    expect(replyWindowOf('whatsapp', lastMessage, at('2026-12-02T09:59:59.000Z'))).toEqual({ state: 'open', until: at('2026-12-02T10:00:00.000Z') });
  });

  it('closes it exactly 24 hours later and says when it closed', () => {
    expect(replyWindowOf('whatsapp', lastMessage, at('2026-12-02T10:00:00.000Z'))).toEqual({ state: 'closed', since: at('2026-12-02T10:00:00.000Z') });
    expect(replyWindowOf('whatsapp', lastMessage, at('2026-12-05T00:00:00.000Z'))).toEqual({ state: 'closed', since: at('2026-12-02T10:00:00.000Z') });
  });

  it('is closed when the client never wrote on a windowed channel', () => {
    expect(replyWindowOf('whatsapp', null, lastMessage)).toEqual({ state: 'closed', since: null });
  });

  it('does not apply to channels without a window, however old the last message', () => {
    for (const kind of ['widget', 'telegram', 'vk', 'email', 'custom'] as const) {
      expect(replyWindowOf(kind, lastMessage, at('2027-01-01T00:00:00.000Z'))).toEqual({ state: 'none' });
    }
  });
});

describe('formatTimeLeft', () => {
  const now = at('2026-12-01T10:00:00.000Z');
  it('shows hours and minutes, dropping what is zero', () => {
    expect(formatTimeLeft(at('2026-12-01T13:12:30.000Z'), now)).toBe('3 h 12 min');
    expect(formatTimeLeft(at('2026-12-01T12:00:00.000Z'), now)).toBe('2 h');
    expect(formatTimeLeft(at('2026-12-01T10:12:00.000Z'), now)).toBe('12 min');
    expect(formatTimeLeft(at('2026-12-01T10:00:40.000Z'), now)).toBe('less than a minute');
  });
});
