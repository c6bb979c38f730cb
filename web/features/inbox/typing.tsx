'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { TYPING_SHOWN_MS, TYPING_THROTTLE_MS } from '../../../domain/live-events';
import { useTRPC } from '../trpc/client';

/**
 * Typing indicators in the inbox (SPEC §5): "Client is typing…" from the live stream's typing
 * events, and the operator's own typing sent to the client's widget. Nothing here is stored.
 */

/** Dialogs whose client typed lately, with when the indicator goes off. */
const clientTypingUntil = new Map<number, ReturnType<typeof setTimeout>>();
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

/** A typing event from the live stream: shown until TYPING_SHOWN_MS pass without another. */
export function markClientTyping(dialogId: number): void {
  clearTimeout(clientTypingUntil.get(dialogId));
  clientTypingUntil.set(dialogId, setTimeout(() => clearClientTyping(dialogId), TYPING_SHOWN_MS));
  notify();
}

/** The client's message arrived: what they were typing is no longer being typed. */
export function clearClientTyping(dialogId: number): void {
  if (!clientTypingUntil.has(dialogId)) return;
  clearTimeout(clientTypingUntil.get(dialogId));
  clientTypingUntil.delete(dialogId);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const indicatorStyle = { margin: 0, padding: '2px 16px', minHeight: 20, fontSize: 13, color: 'var(--text-muted)' } as const;

export function ClientTypingIndicator({ dialogId }: { dialogId: number }) {
  const t = useTranslations('inbox.messages');
  const typing = useSyncExternalStore(
    subscribe,
    () => clientTypingUntil.has(dialogId),
    () => false,
  );
  return (
    <p role="status" style={indicatorStyle}>
      {typing ? t('clientTyping') : ''}
    </p>
  );
}

/** Tells the client's widget the operator is typing, at most once per throttle interval. */
export function useSendTyping(dialogId: number): () => void {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.dialogs.typing.mutationOptions());
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_THROTTLE_MS) return;
    last.current = now;
    mutate({ dialogId });
  }, [dialogId, mutate]);
}
