'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Bell, BellRing, Check, CheckCheck, ClockAlert, Settings } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useLimitText } from '../stats/limit-text';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Button, Spinner, useDismissable, useToast } from '../ui';
import { notificationOutputs } from '../../../domain/notifications';
import { desktopPermission, playAlertSound, requestDesktopPermission, showDesktopNotification, type DesktopPermission } from './browser-notifications';
import { NotificationSettingsForm } from './NotificationSettings';
import { useInboxFormat } from './format';
import styles from './notifications.module.css';

const LIST_LIMIT = 20;
/** Off the inbox no live stream runs, so look now and then; in the inbox a live event refetches at once. */
const POLL_MS = 30_000;

const dialogHref = (dialogId: number) => `/inbox?dialog=${dialogId}`;


/**
 * SPEC §5 notifications: a bell in the top bar with the unread count, opening the user's alerts
 * (KPI alerts: a dialog waited too long for an answer). New alerts are announced to screen readers
 * and, once the user allowed it, shown as desktop notifications.
 */
export function Notifications() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const t = useTranslations('inbox.notifications');
  const format = useInboxFormat();
  const limitText = useLimitText();
  /** A KPI alert worded in the viewer's language; another kind as the server words it. */
  const textOf = (item: { dialogId: number | null; text: string; kpi: { violation: string; limitMinutes: number; lineName: string | null } | null }) =>
    item.kpi && item.dialogId !== null
      ? t('kpiText', { dialogId: String(item.dialogId), line: item.kpi.lineName ?? 'none', violation: item.kpi.violation, limit: limitText(item.kpi.limitMinutes) })
      : item.text;
  const { open, close, popupId: panelId, rootRef, buttonProps } = useDismissable();
  const [announcement, setAnnouncement] = useState('');
  const [permission, setPermission] = useState<DesktopPermission>('unsupported');
  const [view, setView] = useState<'alerts' | 'settings'>('alerts');
  const settings = useQuery(trpc.notifications.settings.queryOptions()).data;
  const headingId = `${panelId}-heading`;
  const panelRef = useRef<HTMLDivElement>(null);
  /** Ids already shown; null until the first load, whose alerts are not "new". */
  const seen = useRef<Set<number> | null>(null);

  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: LIST_LIMIT }), refetchInterval: POLL_MS });
  const { mutate: markRead, isPending: marking } = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
      onError: (error) => toast({ tone: 'error', title: t('markFailed'), description: errorMessage(error) }),
    }),
  );

  useEffect(() => setPermission(desktopPermission()), []);

  useEffect(() => {
    const items = list.data?.items;
    if (!items) return;
    const known = seen.current;
    seen.current = new Set([...(known ?? []), ...items.map((item) => item.id)]);
    if (!known) return;
    const fresh = items.filter((item) => !item.readAt && !known.has(item.id));
    if (fresh.length === 0) return;
    const [latest] = fresh;
    if (latest) setAnnouncement(t('announcement', { count: fresh.length, text: textOf(latest) }));
    const outputs = settings ? notificationOutputs(settings, 'kpi_alert') : { desktop: false, sound: false };
    if (outputs.sound) playAlertSound();
    if (!outputs.desktop) return;
    for (const item of fresh.slice(0, 3)) {
      showDesktopNotification({
        title: item.kpi ? t('kpiAlert') : 'Openlines',
        body: textOf(item),
        tag: `openlines-notification-${item.id}`,
        onClick: () => {
          markRead({ ids: [item.id] });
          if (item.dialogId !== null) router.push(dialogHref(item.dialogId));
        },
      });
    }
  }, [list.data, markRead, router, settings, t]);

  useEffect(() => {
    if (open) panelRef.current?.focus();
    else setView('alerts');
  }, [open]);

  async function enableDesktop() {
    const result = await requestDesktopPermission();
    setPermission(result);
    if (result === 'denied') toast({ tone: 'error', title: t('blocked'), description: t('blockedText') });
  }

  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  return (
    <div className={styles.root} ref={rootRef}>
      <button
        {...buttonProps}
        type="button"
        className={styles.bell}
        aria-haspopup="dialog"
        // Until the first load the count is unknown (and what it brings is not announced as new).
        aria-busy={list.isPending}
        aria-label={unread > 0 ? t('bellUnread', { count: unread }) : t('title')}
      >
        {unread > 0 ? <BellRing size={17} aria-hidden /> : <Bell size={17} aria-hidden />}
        {unread > 0 && (
          <span className={styles.count} aria-hidden>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {open && (
        <div className={styles.panel} id={panelId} role="dialog" aria-labelledby={headingId} ref={panelRef} tabIndex={-1}>
          <header className={styles.header}>
            {view === 'settings' ? (
              <>
                <Button size="sm" variant="ghost" iconOnly icon={<ArrowLeft size={14} />} aria-label={t('back')} onClick={() => setView('alerts')} />
                <h2 id={headingId} className={styles.title}>
                  {t('settings')}
                </h2>
              </>
            ) : (
              <>
                <h2 id={headingId} className={styles.title}>
                  {t('title')}
                </h2>
                <span className={styles.headerActions}>
                  <Button size="sm" variant="ghost" icon={<CheckCheck size={14} />} disabled={unread === 0 || marking} onClick={() => markRead({ all: true })}>
                    {t('markAllRead')}
                  </Button>
                  <Button size="sm" variant="ghost" iconOnly icon={<Settings size={14} />} aria-label={t('settings')} title={t('settings')} onClick={() => setView('settings')} />
                </span>
              </>
            )}
          </header>
          {view === 'settings' && <NotificationSettingsForm permission={permission} onAllow={() => void enableDesktop()} />}
          {view === 'alerts' && permission === 'default' && (
            <div className={styles.desktop}>
              <span>{t('desktopOffer')}</span>
              <Button size="sm" variant="secondary" onClick={() => void enableDesktop()}>
                {t('turnOn')}
              </Button>
            </div>
          )}
          {view === 'alerts' && list.status === 'pending' && (
            <div className={styles.state}>
              <Spinner label={t('loading')} />
            </div>
          )}
          {view === 'alerts' && list.status === 'error' && (
            <div className={styles.state} role="alert">
              <p>
                {t('loadFailed')} {errorMessage(list.error)}
              </p>
              <Button size="sm" onClick={() => void list.refetch()}>
                {t('tryAgain')}
              </Button>
            </div>
          )}
          {view === 'alerts' && list.status === 'success' && items.length === 0 && (
            <div className={styles.state}>
              <p className={styles.emptyTitle}>{t('empty')}</p>
              <p>{t('emptyText')}</p>
            </div>
          )}
          {view === 'alerts' && items.length > 0 && (
            <ul className={styles.list}>
              {items.map((item) => {
                const isUnread = item.readAt === null;
                const body = (
                  <>
                    <ClockAlert size={16} aria-hidden className={styles.icon} />
                    <span className={styles.text}>
                      {isUnread && <span className="visually-hidden">{t('unread')} </span>}
                      {textOf(item)}
                      <time className={styles.time} dateTime={item.createdAt.toISOString()} title={format.dateTime(item.createdAt)}>
                        {format.listTime(item.createdAt)}
                      </time>
                    </span>
                  </>
                );
                return (
                  <li key={item.id} className={styles.item} data-unread={isUnread || undefined}>
                    {item.dialogId !== null ? (
                      <Link
                        href={dialogHref(item.dialogId)}
                        className={styles.link}
                        onClick={() => {
                          if (isUnread) markRead({ ids: [item.id] });
                          close(false);
                        }}
                      >
                        {body}
                      </Link>
                    ) : (
                      <span className={styles.link}>{body}</span>
                    )}
                    {isUnread && (
                      <Button
                        size="sm"
                        variant="ghost"
                        iconOnly
                        className={styles.markRead}
                        icon={<Check size={14} />}
                        aria-label={t('markReadItem', { text: textOf(item) })}
                        title={t('markRead')}
                        disabled={marking}
                        onClick={() => markRead({ ids: [item.id] })}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
