'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { RatingValue } from '../../../domain/dialog';
import { TYPING_SHOWN_MS, TYPING_THROTTLE_MS } from '../../../domain/live-events';
import type {
  VisitorDetails,
  WidgetDialogState,
  WidgetForm,
  WidgetFrameMessage,
  WidgetMessage,
  WidgetStreamEvents,
} from '../../server/channels/widget/schemas';
import type { WidgetTranslator } from '../../server/channels/widget/visitor-texts';
import { newClientMessageId, WidgetApi, WidgetApiError } from './api';
import { chatReducer, initialChatState, type ChatState } from './chat-state';

const MAX_RECONNECT_DELAY_MS = 30_000;
// About half a minute of retries with back-off before the visitor is asked to retry by hand.
const SEND_ATTEMPTS = 5;

/** Tells the embedding page (web/public/widget.js) something happened; no-op outside an iframe. */
export function postToParent(message: WidgetFrameMessage): void {
  if (window.parent !== window) window.parent.postMessage(message, '*');
}

function backoff(attempt: number): number {
  const base = Math.min(MAX_RECONNECT_DELAY_MS, 1000 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** What the visitor reads about a failed call: the server's words (in the chat's language), else ours. */
function describe(error: unknown, t: WidgetTranslator): { message: string; retryable: boolean } {
  if (!(error instanceof WidgetApiError)) return { message: t('errors.generic'), retryable: true };
  if (error.fromServer) return { message: error.message, retryable: error.retryable };
  const message = error.status === 0 ? t('errors.noConnection') : t('errors.serverAnswered', { status: error.status });
  return { message, retryable: error.retryable };
}

/** What a form adds to the message it sends: the visitor's details and which form it was. */
export interface FormAnswers {
  contact: VisitorDetails;
  form: WidgetForm;
}

export interface WidgetChat {
  state: ChatState;
  /** An operator typed in the visitor's dialog within the last few seconds. */
  operatorTyping: boolean;
  send(text: string, answers?: FormAnswers): void;
  /** Sends a file as a message of its own (shown as "sending" with its name until stored). */
  sendFile(file: File): void;
  /** The visitor typed: tells the operator, at most once per throttle interval. */
  typing(): void;
  retry(clientMessageId: string): void;
  rate(rating: RatingValue): void;
}

/**
 * Session, history, live stream and sending for one widget channel. The stream reconnects with
 * back-off and reloads history each time it is ready again, so nothing said meanwhile is missed.
 */
export function useWidgetChat(channelKey: string): WidgetChat {
  const api = useMemo(() => new WidgetApi(channelKey), [channelKey]);
  const t = useTranslations('widget');
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const [operatorTyping, setOperatorTyping] = useState(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(typingTimer.current), []);
  const showOperatorTyping = useCallback((on: boolean) => {
    clearTimeout(typingTimer.current);
    setOperatorTyping(on);
    // Hidden after a few seconds without news: a lost "stopped typing" never leaves it on.
    if (on) typingTimer.current = setTimeout(() => setOperatorTyping(false), TYPING_SHOWN_MS);
  }, []);

  // Session first; a network failure retries with back-off, an unknown chat stops for good.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const start = async (attempt: number) => {
      try {
        const session = await api.startSession();
        if (!cancelled) dispatch({ type: 'session-ready', offline: session.offline });
      } catch (error) {
        if (cancelled) return;
        // No such chat, or not on this site (its allowed origins): nothing to retry.
        if (error instanceof WidgetApiError && (error.status === 404 || error.status === 403)) {
          dispatch({ type: 'unavailable' });
          return;
        }
        dispatch({ type: 'offline' });
        timer = setTimeout(() => void start(attempt + 1), backoff(attempt));
      }
    };
    void start(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api]);

  const ready = state.phase === 'ready';

  useEffect(() => {
    if (!ready) return;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;

    const reloadHistory = async () => {
      try {
        const history = await api.history();
        if (!stopped) dispatch({ type: 'history', history });
      } catch {
        // The next reconnect tries again; what is on screen stays.
      }
    };

    const connect = async () => {
      if (stopped) return;
      let url: string;
      try {
        url = await api.streamUrl();
      } catch {
        scheduleReconnect();
        return;
      }
      if (stopped) return;
      source = new EventSource(url);
      source.addEventListener('ready', () => {
        attempt = 0;
        dispatch({ type: 'live', status: 'live' });
        void reloadHistory();
      });
      source.addEventListener('message', (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as WidgetStreamEvents['message'] satisfies WidgetMessage;
        const known = stateRef.current.messages.some((m) => m.id === message.id);
        dispatch({ type: 'server-message', message });
        if (!known && message.authorKind !== 'client') postToParent({ type: 'openlines:incoming' });
        // The reply they were typing has arrived.
        if (message.authorKind === 'operator') showOperatorTyping(false);
      });
      source.addEventListener('typing', () => showOperatorTyping(true));
      source.addEventListener('dialog', (event: MessageEvent<string>) => {
        dispatch({ type: 'dialog', dialog: JSON.parse(event.data) as WidgetStreamEvents['dialog'] satisfies WidgetDialogState });
      });
      source.onerror = () => {
        source?.close();
        source = null;
        scheduleReconnect();
      };
    };

    const scheduleReconnect = () => {
      if (stopped) return;
      dispatch({ type: 'live', status: 'reconnecting' });
      clearTimeout(timer);
      timer = setTimeout(() => {
        // A history call first: it renews an expired token, which EventSource cannot report.
        void reloadHistory().then(connect);
      }, backoff(attempt++));
    };

    const reconnectNow = () => {
      if (stopped || source || document.visibilityState !== 'visible') return;
      attempt = 0;
      clearTimeout(timer);
      void reloadHistory().then(connect);
    };

    void reloadHistory();
    void connect();
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      window.removeEventListener('online', reconnectNow);
      document.removeEventListener('visibilitychange', reconnectNow);
    };
  }, [api, ready, showOperatorTyping]);

  // A form's answers go with its message, retries included.
  const answersOf = useRef(new Map<string, FormAnswers>());

  // A file waiting to be sent (or resent) by its message's clientMessageId.
  const filesOf = useRef(new Map<string, File>());

  const deliver = useCallback(
    async (clientMessageId: string, text: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const file = filesOf.current.get(clientMessageId);
          const result = file ? await api.sendFile(clientMessageId, file) : await api.send({ clientMessageId, text, ...answersOf.current.get(clientMessageId) });
          filesOf.current.delete(clientMessageId);
          dispatch({ type: 'send-ok', clientMessageId, messageId: result.messageId, dialogId: result.dialogId });
          return;
        } catch (error) {
          const { message, retryable } = describe(error, t);
          // The same clientMessageId makes a resend safe: the server stores the message once.
          if (!retryable || attempt + 1 >= SEND_ATTEMPTS) {
            dispatch({ type: 'send-failed', clientMessageId, error: message, retryable });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        }
      }
    },
    [api, t],
  );

  const send = useCallback(
    (text: string, answers?: FormAnswers) => {
      const clientMessageId = newClientMessageId();
      if (answers) answersOf.current.set(clientMessageId, answers);
      dispatch({ type: 'send-start', clientMessageId, text, at: new Date().toISOString() });
      void deliver(clientMessageId, text);
    },
    [deliver],
  );

  const sendFile = useCallback(
    (file: File) => {
      const clientMessageId = newClientMessageId();
      filesOf.current.set(clientMessageId, file);
      // No link until the file is stored: the bubble shows its name; the stored copy brings the preview.
      const extras = { attachments: [{ name: file.name, url: '', mimeType: file.type, size: file.size }] };
      dispatch({ type: 'send-start', clientMessageId, text: '', at: new Date().toISOString(), extras });
      void deliver(clientMessageId, '');
    },
    [deliver],
  );

  const retry = useCallback(
    (clientMessageId: string) => {
      const message = stateRef.current.messages.find((m) => m.key === clientMessageId);
      if (!message || message.id !== null) return;
      dispatch({ type: 'send-start', clientMessageId, text: message.text, at: message.createdAt, extras: message.extras });
      void deliver(clientMessageId, message.text);
    },
    [deliver],
  );

  const rate = useCallback(
    (rating: RatingValue) => {
      const dialog = stateRef.current.dialog;
      if (!dialog || stateRef.current.rating.submitting) return;
      dispatch({ type: 'rate-start' });
      api.rate({ dialogId: dialog.dialogId, rating }).then(
        (result) => dispatch({ type: 'rate-ok', dialogId: result.dialogId, rating: result.rating }),
        (error: unknown) => dispatch({ type: 'rate-failed', error: describe(error, t).message }),
      );
    },
    [api, t],
  );

  const lastTyping = useRef(0);
  const typing = useCallback(() => {
    const dialog = stateRef.current.dialog;
    // Before the first message, or after the dialog closed, there is no one to tell.
    if (!dialog || dialog.status === 'closed') return;
    const now = Date.now();
    if (now - lastTyping.current < TYPING_THROTTLE_MS) return;
    lastTyping.current = now;
    api.typing().catch(() => undefined);
  }, [api]);

  return { state, operatorTyping, send, sendFile, typing, retry, rate };
}
