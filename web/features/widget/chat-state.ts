import type { RatingValue } from '../../../domain/dialog';
import type { WidgetDialogState, WidgetHistory, WidgetMessage, WidgetOffline } from '../../server/channels/widget/schemas';

/**
 * The widget's conversation as the visitor sees it: confirmed messages from the server in id
 * order, then the visitor's own messages still on their way (optimistic, keyed by clientMessageId).
 */
export type Delivery = 'sent' | 'sending' | 'failed';

export interface ChatMessage extends Omit<WidgetMessage, 'id' | 'dialogId'> {
  /** Stable React key: the clientMessageId of the visitor's messages, else `m<id>`. */
  key: string;
  id: number | null;
  dialogId: number | null;
  delivery: Delivery;
  error: string | null;
  /** False when sending again would fail the same way (e.g. the text was refused). */
  retryable: boolean;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface ChatState {
  phase: 'starting' | 'ready' | 'unavailable' | 'offline';
  live: LiveStatus;
  messages: ChatMessage[];
  dialog: WidgetDialogState | null;
  rating: { submitting: boolean; error: string | null };
  /** Why nobody can answer live (the session says): the widget offers its offline form. */
  offline: WidgetOffline;
  /** The visitor's history has been read once: only then is it known whether they wrote before. */
  historyLoaded: boolean;
}

export const initialChatState: ChatState = {
  phase: 'starting',
  live: 'connecting',
  messages: [],
  dialog: null,
  rating: { submitting: false, error: null },
  offline: null,
  historyLoaded: false,
};

export type ChatAction =
  | { type: 'session-ready'; offline: WidgetOffline }
  | { type: 'unavailable' }
  | { type: 'offline' }
  | { type: 'history'; history: WidgetHistory }
  | { type: 'server-message'; message: WidgetMessage }
  | { type: 'dialog'; dialog: WidgetDialogState }
  | { type: 'live'; status: LiveStatus }
  | { type: 'send-start'; clientMessageId: string; text: string; at: string; extras?: WidgetMessage['extras'] }
  | { type: 'send-ok'; clientMessageId: string; messageId: number; dialogId: number }
  | { type: 'send-failed'; clientMessageId: string; error: string; retryable: boolean }
  | { type: 'rate-start' }
  | { type: 'rate-ok'; dialogId: number; rating: RatingValue }
  | { type: 'rate-failed'; error: string };

function fromServer(message: WidgetMessage): ChatMessage {
  return {
    ...message,
    key: message.clientMessageId ?? `m${message.id}`,
    delivery: 'sent',
    error: null,
    retryable: true,
  };
}

/** Server messages replace optimistic ones with the same clientMessageId and earlier copies of themselves. */
export function mergeMessages(current: ChatMessage[], incoming: WidgetMessage[]): ChatMessage[] {
  const confirmed = new Map<number, ChatMessage>();
  const pending: ChatMessage[] = [];
  const incomingClientIds = new Set(incoming.map((m) => m.clientMessageId).filter((id): id is string => id !== null));
  for (const message of current) {
    if (message.id !== null) confirmed.set(message.id, message);
    else if (!incomingClientIds.has(message.key)) pending.push(message);
  }
  for (const message of incoming) confirmed.set(message.id, fromServer(message));
  const ordered = [...confirmed.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return [...ordered, ...pending];
}

/**
 * A live rating request opens the rating control at once: the dialog's own update event was sent
 * when it closed, before the request was written.
 */
function withRatingRequest(dialog: WidgetDialogState | null, message: WidgetMessage): WidgetDialogState | null {
  const request = message.extras.ratingRequest;
  if (!request || !dialog || dialog.dialogId !== message.dialogId || dialog.rated) return dialog;
  return { ...dialog, ratingRequested: true, ratingPending: true, ratingScale: request.scale };
}

function newerDialog(current: WidgetDialogState | null, next: WidgetDialogState): WidgetDialogState {
  return current && current.dialogId > next.dialogId ? current : next;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'session-ready':
      return { ...state, phase: 'ready', offline: action.offline };
    case 'unavailable':
      return { ...state, phase: 'unavailable' };
    case 'offline':
      return state.phase === 'ready' ? state : { ...state, phase: 'offline' };
    case 'history':
      return {
        ...state,
        historyLoaded: true,
        messages: mergeMessages(state.messages, action.history.messages),
        dialog: action.history.dialog ? newerDialog(state.dialog, action.history.dialog) : state.dialog,
      };
    case 'server-message':
      return {
        ...state,
        messages: mergeMessages(state.messages, [action.message]),
        dialog: withRatingRequest(state.dialog, action.message),
      };
    case 'dialog':
      return { ...state, dialog: newerDialog(state.dialog, action.dialog) };
    case 'live':
      return { ...state, live: action.status };
    case 'send-start': {
      const existing = state.messages.find((m) => m.key === action.clientMessageId);
      const others = state.messages.filter((m) => m.key !== action.clientMessageId);
      const message: ChatMessage = existing
        ? { ...existing, delivery: 'sending', error: null }
        : {
            key: action.clientMessageId,
            id: null,
            dialogId: null,
            authorKind: 'client',
            authorName: null,
            text: action.text,
            extras: action.extras ?? {},
            createdAt: action.at,
            clientMessageId: action.clientMessageId,
            delivery: 'sending',
            error: null,
            retryable: true,
          };
      return { ...state, messages: [...others, message] };
    }
    case 'send-ok': {
      const local = state.messages.find((m) => m.key === action.clientMessageId);
      // The live stream may have delivered the stored copy already.
      if (!local || local.id !== null) return state;
      const confirmed: WidgetMessage = {
        id: action.messageId,
        dialogId: action.dialogId,
        authorKind: 'client',
        authorName: null,
        text: local.text,
        extras: local.extras,
        createdAt: local.createdAt,
        clientMessageId: action.clientMessageId,
      };
      return { ...state, messages: mergeMessages(state.messages, [confirmed]) };
    }
    case 'send-failed':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.key === action.clientMessageId && m.id === null ? { ...m, delivery: 'failed', error: action.error, retryable: action.retryable } : m,
        ),
      };
    case 'rate-start':
      return { ...state, rating: { submitting: true, error: null } };
    case 'rate-ok':
      return {
        ...state,
        rating: { submitting: false, error: null },
        dialog:
          state.dialog && state.dialog.dialogId === action.dialogId
            ? { ...state.dialog, rated: true, rating: action.rating, ratingPending: false }
            : state.dialog,
      };
    case 'rate-failed':
      return { ...state, rating: { submitting: false, error: action.error } };
  }
}
