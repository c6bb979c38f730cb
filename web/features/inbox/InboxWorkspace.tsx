'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import type { Role } from '../../../domain/roles';
import { seesAllDialogs } from '../../../domain/roles';
import { useTRPC } from '../trpc/client';
import { DialogList } from './DialogList';
import { DialogPane } from './DialogPane';
import styles from './inbox.module.css';
import { parseTab, type InboxTab } from './tabs';
import { inboxTitle, notificationOutputs } from '../../../domain/notifications';
import { pageInBackground, playAlertSound, showDesktopNotification } from './browser-notifications';
import { useLiveUpdates, type LiveAlert } from './useLiveUpdates';

const PAGE_SIZE = 30;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The operator's inbox: lists on the left, the selected dialog in the middle, its details on the right. */
export function InboxWorkspace({ me }: { me: { id: string; role: Role } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const supervisor = seesAllDialogs(me.role);
  const tab = parseTab(params.get('tab'), supervisor);
  const selectedParam = Number(params.get('dialog'));
  const selectedId = Number.isInteger(selectedParam) && selectedParam > 0 ? selectedParam : null;
  const [detailsOpen, setDetailsOpen] = useState(false);
  const t = useTranslations('inbox');
  /** The page's own title (web/app/(workspace)/inbox/page.tsx with the layout's template). */
  const inboxPageTitle = `${t('pageTitle')} · Openlines`;
  const settings = useQuery(trpc.notifications.settings.queryOptions()).data;
  // SPEC §5: an offer to me or a client's message in my dialog, while I am in another tab or app.
  const onAlert = useCallback(
    (alert: LiveAlert) => {
      if (!settings || !pageInBackground()) return;
      const outputs = notificationOutputs(settings, alert.kind);
      if (outputs.sound) playAlertSound();
      if (outputs.desktop) {
        showDesktopNotification({
          ...(alert.kind === 'offer'
            ? { title: t('desktopAlert.offerTitle', { client: alert.client }), body: t('desktopAlert.offerBody', { id: alert.dialogId, line: alert.line }) }
            : { title: t('desktopAlert.messageTitle', { client: alert.client, id: alert.dialogId }), body: alert.preview ?? t('desktopAlert.fileOnly') }),
          tag: `openlines-${alert.kind}-${alert.dialogId}`,
          onClick: () => router.push(`/inbox?dialog=${alert.dialogId}`, { scroll: false }),
        });
      }
    },
    [settings, router, t],
  );
  const liveStatus = useLiveUpdates(onAlert);

  const list = useInfiniteQuery(
    trpc.inbox.list.infiniteQueryOptions({ tab, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const counts = useQuery(trpc.inbox.counts.queryOptions());
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  // "(3) Inbox · Openlines": what waits for my answer and what is offered to me, seen from any tab.
  const titleCounts = counts.data;
  useEffect(() => {
    document.title = inboxTitle(titleCounts, inboxPageTitle);
  }, [titleCounts, params, inboxPageTitle]);
  useEffect(
    () => () => {
      document.title = inboxPageTitle;
    },
    [inboxPageTitle],
  );

  const navigate = useCallback(
    (next: { tab?: InboxTab; dialog?: number | null }, mode: 'push' | 'replace' = 'push') => {
      const search = new URLSearchParams();
      const nextTab = next.tab ?? tab;
      if (nextTab !== 'waiting') search.set('tab', nextTab);
      const dialog = next.dialog === undefined ? selectedId : next.dialog;
      if (dialog) search.set('dialog', String(dialog));
      const url = search.size ? `/inbox?${search}` : '/inbox';
      if (mode === 'push') router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [router, tab, selectedId],
  );

  const selectDialog = useCallback((dialogId: number | null) => navigate({ dialog: dialogId }), [navigate]);

  // j / k move through the list, r jumps to the reply box: the inbox works without a mouse.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (event.key === 'j' || event.key === 'k') {
        if (items.length === 0) return;
        const index = items.findIndex((item) => item.id === selectedId);
        const nextIndex = index === -1 ? 0 : Math.min(items.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)));
        const next = items[nextIndex];
        if (next && next.id !== selectedId) {
          event.preventDefault();
          navigate({ dialog: next.id }, 'replace');
          requestAnimationFrame(() => document.getElementById(`dialog-item-${next.id}`)?.focus());
        }
      } else if (event.key === 'Escape' && detailsOpen) {
        setDetailsOpen(false);
      } else if (event.key === 'r' && selectedId) {
        const reply = document.getElementById('reply-text');
        if (reply instanceof HTMLTextAreaElement && !reply.disabled) {
          event.preventDefault();
          reply.focus();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selectedId, navigate, detailsOpen]);

  return (
    <div className={styles.workspace} data-selected={selectedId !== null} data-details={detailsOpen ? 'open' : 'closed'}>
      <DialogList
        tab={tab}
        meId={me.id}
        supervisor={supervisor}
        counts={counts.data}
        items={items}
        status={list.status}
        error={list.error}
        hasMore={list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        onRetry={() => void list.refetch()}
        selectedId={selectedId}
        onSelect={selectDialog}
        onTabChange={(next) => navigate({ tab: next, dialog: null }, 'replace')}
        liveStatus={liveStatus}
      />
      <DialogPane
        dialogId={selectedId}
        meId={me.id}
        onBack={() => selectDialog(null)}
        detailsOpen={detailsOpen}
        onToggleDetails={() => setDetailsOpen((open) => !open)}
      />
    </div>
  );
}
