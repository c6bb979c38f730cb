import { describe, expect, it } from 'vitest';
import { mayEverReopen, mayReopen, reopenWindowEndsAt, statusAfterReopen } from '../../../domain/dialog-lifecycle/reopen';

const closedAt = new Date('2026-12-01T10:00:00.000Z');
const minutesLater = (minutes: number) => new Date(closedAt.getTime() + minutes * 60_000);

describe('mayReopen', () => {
  it('reopens a dialog the operator closed while the client writes inside the window, its last minute included', () => {
    expect(mayReopen({ closeReason: 'operator', closedAt }, 30, minutesLater(29))).toBe(true);
    expect(mayReopen({ closeReason: 'operator', closedAt }, 30, minutesLater(30))).toBe(true);
  });

  it('opens a new dialog once the window has passed', () => {
    expect(mayReopen({ closeReason: 'operator', closedAt }, 30, minutesLater(31))).toBe(false);
  });

  it('reopens auto-closed and rated dialogs too', () => {
    expect(mayReopen({ closeReason: 'auto_close', closedAt }, 30, minutesLater(1))).toBe(true);
    expect(mayReopen({ closeReason: 'rating', closedAt }, 30, minutesLater(1))).toBe(true);
  });

  it('never reopens spam, expired or deleted-line dialogs, however soon the client writes', () => {
    for (const closeReason of ['spam', 'expired', 'line_deleted'] as const) {
      expect(mayReopen({ closeReason, closedAt }, 60, minutesLater(1))).toBe(false);
    }
  });

  it('never reopens on a line whose window is 0', () => {
    expect(mayReopen({ closeReason: 'operator', closedAt }, 0, closedAt)).toBe(false);
  });

  it('does not reopen a row that was never closed', () => {
    expect(mayReopen({ closeReason: null, closedAt: null }, 30, closedAt)).toBe(false);
  });
});

describe('the workflow side of the same window', () => {
  it('waits for a reopen only when the close reason and the line allow one', () => {
    expect(mayEverReopen('operator', 30)).toBe(true);
    expect(mayEverReopen('spam', 30)).toBe(false);
    expect(mayEverReopen('expired', 30)).toBe(false);
    expect(mayEverReopen('auto_close', 0)).toBe(false);
  });

  it('ends the window the line’s minutes after the close', () => {
    expect(reopenWindowEndsAt(closedAt.getTime(), 30)).toBe(minutesLater(30).getTime());
  });
});

describe('statusAfterReopen', () => {
  it('gives the dialog back to its operator with the client waiting, or queues it when it had none', () => {
    expect(statusAfterReopen('anna')).toBe('in_work');
    expect(statusAfterReopen(null)).toBe('queued');
  });
});
