'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc/client';
import type { DesktopAlertKind } from '../../../domain/notifications';
import { clearClientTyping, markClientTyping } from './typing';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Events arriving in a burst (a dialog routed, answered, closed…) cause one refetch, not ten. */
const COALESCE_MS = 150;

/**
 * Keeps the inbox current without polling: each live event invalidates the lists and the dialog it
 * names; each time the stream starts listening (first connection and reconnects) everything is
 * invalidated, since what was loaded before may have missed events (offline, or not yet listening).
 */
/** A desktop alert the server raised for this user (web/server/services/notifications.ts). */
export interface LiveAlert {
  kind: DesktopAlertKind;
  dialogId: number;
  title: string;
  body: string;
  client: string;
  line: string;
  preview: string | null;
}

export function useLiveUpdates(onAlert?: (alert: LiveAlert) => void): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef({ everything: false, lists: false, dialogs: new Set<number>() });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alertHandler = useRef(onAlert);
  useEffect(() => {
    alertHandler.current = onAlert;
  }, [onAlert]);
  /** 'live' only once the server listens (its `stream.ready`), not when the connection opens. */
  const [listening, setListening] = useState<'never' | 'yes' | 'not now'>('never');

  const flush = useCallback(() => {
    timer.current = null;
    const { everything, lists, dialogs } = pending.current;
    pending.current = { everything: false, lists: false, dialogs: new Set() };
    if (everything) {
      void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
      return;
    }
    if (lists) void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
    for (const dialogId of dialogs) void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId }) });
  }, [queryClient, trpc]);

  const schedule = useCallback(
    (change: { everything?: boolean; dialogId?: number }) => {
      if (change.everything) pending.current.everything = true;
      pending.current.lists = true;
      if (change.dialogId !== undefined) pending.current.dialogs.add(change.dialogId);
      timer.current ??= setTimeout(flush, COALESCE_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      // A (re)opened connection is not listening yet: the server subscribes after it opens.
      onStarted: () => setListening((was) => (was === 'never' ? was : 'not now')),
      onError: () => setListening((was) => (was === 'never' ? was : 'not now')),
      onData: ({ data: event }) => {
        // Only `stream.ready` says nothing is missed from now on: refetch what was loaded before it.
        if (event.type === 'stream.ready') {
          setListening('yes');
          schedule({ everything: true });
        }
        // The bell (features/inbox/Notifications.tsx) refetches and announces new alerts itself.
        else if (event.type === 'notification.created') void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
        // The event that raised it came just before and refetches what it changed.
        else if (event.type === 'alert') alertHandler.current?.(event);
        // Typing changes nothing stored: it only shows the indicator, never refetches.
        else if (event.type === 'typing') {
          if (event.by === 'client') markClientTyping(event.dialogId);
        } else {
          if (event.type === 'message.created' && event.authorKind === 'client') clearClientTyping(event.dialogId);
          schedule({ dialogId: event.dialogId });
        }
      },
    }),
  );

  if (subscription.status === 'pending' && listening === 'yes') return 'live';
  return listening === 'never' ? 'connecting' : 'reconnecting';
}
