import { describe, expect, it } from 'vitest';
import { chatReducer, initialChatState, type ChatState } from '../../web/features/widget/chat-state';
import type { WidgetDialogState, WidgetMessage } from '../../web/server/channels/widget/schemas';

/** The browser's view of the conversation: optimistic sends, live messages and history reloads agree. */
const ready: ChatState = { ...initialChatState, phase: 'ready' };

function serverMessage(overrides: Partial<WidgetMessage> & Pick<WidgetMessage, 'id'>): WidgetMessage {
  return {
    dialogId: 7,
    authorKind: 'operator',
    authorName: 'Olga',
    text: `message ${overrides.id}`,
    extras: {},
    createdAt: '2026-11-21T10:00:00.000Z',
    clientMessageId: null,
    ...overrides,
  };
}

const dialog: WidgetDialogState = {
  dialogId: 7,
  status: 'closed',
  ratingRequested: false,
  rated: false,
  rating: null,
  ratingScale: null,
  ratingPending: false,
  queue: null,
};

describe('chat state', () => {
  it('replaces the optimistic bubble with the stored message, whichever arrives first', () => {
    let state = chatReducer(ready, { type: 'send-start', clientMessageId: 'c1', text: 'Hello', at: '2026-11-21T10:00:00.000Z' });
    expect(state.messages).toMatchObject([{ key: 'c1', id: null, delivery: 'sending' }]);

    // The live stream echoes the stored copy before the POST answers…
    state = chatReducer(state, { type: 'server-message', message: serverMessage({ id: 5, authorKind: 'client', authorName: null, text: 'Hello', clientMessageId: 'c1' }) });
    // …and the POST's answer changes nothing more.
    state = chatReducer(state, { type: 'send-ok', clientMessageId: 'c1', messageId: 5, dialogId: 7 });
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ key: 'c1', id: 5, delivery: 'sent' });
  });

  it('keeps unsent messages after the stored ones and orders the rest by id', () => {
    let state = chatReducer(ready, { type: 'send-start', clientMessageId: 'c2', text: 'Still sending', at: '2026-11-21T10:05:00.000Z' });
    state = chatReducer(state, { type: 'history', history: { messages: [serverMessage({ id: 9 }), serverMessage({ id: 3 })], dialog: null } });
    state = chatReducer(state, { type: 'server-message', message: serverMessage({ id: 4 }) });
    expect(state.messages.map((m) => m.id ?? m.key)).toEqual([3, 4, 9, 'c2']);
  });

  it('marks a failed send and lets a retry send the same message again', () => {
    let state = chatReducer(ready, { type: 'send-start', clientMessageId: 'c3', text: 'Hi', at: '2026-11-21T10:00:00.000Z' });
    state = chatReducer(state, { type: 'send-failed', clientMessageId: 'c3', error: 'No connection.', retryable: true });
    expect(state.messages[0]).toMatchObject({ delivery: 'failed', error: 'No connection.', retryable: true });
    state = chatReducer(state, { type: 'send-start', clientMessageId: 'c3', text: 'Hi', at: '2026-11-21T10:00:00.000Z' });
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ delivery: 'sending', error: null });
  });

  it('opens the rating control when the rating request arrives live, and thanks after rating', () => {
    let state = chatReducer(ready, { type: 'dialog', dialog });
    state = chatReducer(state, {
      type: 'server-message',
      message: serverMessage({ id: 11, authorKind: 'bot', authorName: null, extras: { ratingRequest: { scale: 'five_stars' } } }),
    });
    expect(state.dialog).toMatchObject({ ratingRequested: true, ratingPending: true, ratingScale: 'five_stars' });
    state = chatReducer(state, { type: 'rate-ok', dialogId: 7, rating: 4 });
    expect(state.dialog).toMatchObject({ rated: true, rating: 4, ratingPending: false });
  });

  it('never goes back to an older dialog', () => {
    let state = chatReducer(ready, { type: 'dialog', dialog: { ...dialog, dialogId: 8, status: 'queued' } });
    state = chatReducer(state, { type: 'dialog', dialog });
    expect(state.dialog?.dialogId).toBe(8);
  });

  it('follows the visitor’s place in the queue and drops it once the dialog is offered', () => {
    let state = chatReducer(ready, { type: 'dialog', dialog: { ...dialog, status: 'queued', queue: { position: 3, estimatedMinutes: 6 } } });
    state = chatReducer(state, { type: 'dialog', dialog: { ...dialog, status: 'queued', queue: { position: 2, estimatedMinutes: 4 } } });
    expect(state.dialog?.queue).toEqual({ position: 2, estimatedMinutes: 4 });
    state = chatReducer(state, { type: 'dialog', dialog: { ...dialog, status: 'offered', queue: null } });
    expect(state.dialog?.queue).toBeNull();
  });
});
