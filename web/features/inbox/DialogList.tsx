'use client';

import { Inbox, ListChecks, MessageSquareDashed, Users } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Alert, Avatar, Badge, Button, EmptyState, Skeleton, cx } from '../ui';
import { errorMessage } from '../trpc/errors';
import { statusTones, useInboxFormat } from './format';
import styles from './inbox.module.css';
import { tabDefinitions, type InboxTab } from './tabs';
import type { InboxCounts, InboxItem } from './types';
import type { LiveStatus } from './useLiveUpdates';

const emptyIcons: Record<InboxTab, ReactNode> = {
  waiting: <ListChecks size={20} />,
  mine: <Inbox size={20} />,
  queue: <Users size={20} />,
  all: <MessageSquareDashed size={20} />,
};

export function DialogList(props: {
  tab: InboxTab;
  meId: string;
  supervisor: boolean;
  counts: InboxCounts | undefined;
  items: InboxItem[];
  status: 'pending' | 'error' | 'success';
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  selectedId: number | null;
  onSelect: (dialogId: number) => void;
  onTabChange: (tab: InboxTab) => void;
  liveStatus: LiveStatus;
}) {
  const t = useTranslations('inbox.list');
  const tabNames = useTranslations('inbox.tabs');
  const tabs = tabDefinitions.filter((t) => !t.supervisorsOnly || props.supervisor);
  const current = tabDefinitions.find((t) => t.id === props.tab) ?? tabDefinitions[0];

  const shortcuts = t.rich('shortcuts', { key: (chunks) => <kbd>{chunks}</kbd> });

  function onTabKey(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((t) => t.id === props.tab);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      event.preventDefault();
      props.onTabChange(next.id);
      requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
    }
  }

  return (
    <section className={styles.listPane} aria-label={t('label')}>
      <div className={styles.listHeader}>
        <h1>{t('title')}</h1>
        <span className={styles.live} data-status={props.liveStatus} role="status" title={t('liveHint')}>
          <span className={styles.liveDot} aria-hidden />
          {t(`live.${props.liveStatus}`)}
        </span>
      </div>
      <div className={styles.tabs} data-count={tabs.length} role="tablist" aria-label={t('tabsLabel')} onKeyDown={onTabKey}>
        {tabs.map((tab) => {
          const count = props.counts ? tab.count(props.counts) : null;
          const hot = tab.id === 'queue' ? (props.counts?.offeredToMe ?? 0) > 0 : tab.id === 'waiting' && (count ?? 0) > 0;
          return (
            <button
              key={tab.id}
              id={`tab-${tab.id}`}
              type="button"
              role="tab"
              aria-selected={tab.id === props.tab}
              aria-controls="dialog-list"
              tabIndex={tab.id === props.tab ? 0 : -1}
              title={tabNames(`${tab.id}.label`)}
              className={styles.tab}
              onClick={() => props.onTabChange(tab.id)}
            >
              <span>{tabNames(`${tab.id}.label`)}</span>
              {count !== null && count > 0 && (
                <span className={cx(styles.count, hot && styles.countHot)} aria-label={t('dialogCount', { count })}>
                  {count > 999 ? '999+' : count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div id="dialog-list" role="tabpanel" aria-labelledby={`tab-${props.tab}`} className={styles.panel}>
        {props.status === 'pending' && <ListSkeleton />}
        {props.status === 'error' && (
          <div style={{ padding: 16 }}>
            <Alert tone="error" role="alert">
              <p>
                {t('loadFailed')} {errorMessage(props.error)}
              </p>
              <Button size="sm" style={{ marginTop: 8 }} onClick={props.onRetry}>
                {t('tryAgain')}
              </Button>
            </Alert>
          </div>
        )}
        {props.status === 'success' && props.items.length === 0 && current && (
          <EmptyState icon={emptyIcons[current.id]} title={tabNames(`${current.id}.emptyTitle`)} description={tabNames(`${current.id}.emptyText`)} />
        )}
        {props.status === 'success' && props.items.length > 0 && (
          <ul className={styles.items} aria-label={current ? tabNames(`${current.id}.label`) : undefined}>
            {props.items.map((item) => (
              <li key={item.id}>
                <DialogListItem item={item} meId={props.meId} selected={item.id === props.selectedId} onSelect={props.onSelect} />
              </li>
            ))}
            {props.hasMore && (
              <li className={styles.loadMore}>
                <Button size="sm" variant="ghost" loading={props.loadingMore} onClick={props.onLoadMore}>
                  {t('loadOlder')}
                </Button>
              </li>
            )}
          </ul>
        )}
      </div>
      <div className={styles.listFooter} aria-hidden>
        <span>
          {shortcuts}
        </span>
      </div>
    </section>
  );
}

type PreviewAuthor = 'myNote' | 'note' | 'me' | 'operator' | 'bot';
function previewAuthor(preview: NonNullable<InboxItem['preview']>): PreviewAuthor | null {
  if (preview.hidden) return preview.byMe ? 'myNote' : 'note';
  if (preview.authorKind === 'operator') return preview.byMe ? 'me' : 'operator';
  return preview.authorKind === 'bot' ? 'bot' : null;
}

function DialogListItem({ item, meId, selected, onSelect }: { item: InboxItem; meId: string; selected: boolean; onSelect: (id: number) => void }) {
  const t = useTranslations('inbox.list');
  const format = useInboxFormat();
  const preview = item.preview;
  const author = preview ? previewAuthor(preview) : null;
  return (
    <button
      id={`dialog-item-${item.id}`}
      type="button"
      className={cx(styles.item, item.offeredToMe && styles.itemOffered)}
      aria-current={selected || undefined}
      onClick={() => onSelect(item.id)}
    >
      <Avatar name={item.contact.label} colorKey={item.contact.id} size={36} />
      <span className={styles.itemBody}>
        <span className={styles.itemTop}>
          <span className={styles.itemName}>{item.contact.label}</span>
          <time className={styles.itemTime} dateTime={item.updatedAt.toISOString()}>
            {format.listTime(preview?.at ?? item.updatedAt)}
          </time>
        </span>
        <span className={styles.itemPreview}>
          {preview ? (
            <>
              {author && <span className={styles.previewAuthor}>{t(`previewAuthor.${author}`)} </span>}
              {preview.text}
            </>
          ) : (
            t('noMessages')
          )}
        </span>
        <span className={styles.itemMeta}>
          {item.offeredToMe ? (
            <Badge tone="accent" dot>
              {t('offeredToYou')}
            </Badge>
          ) : (
            <Badge tone={item.status === 'offered' ? 'neutral' : statusTones[item.status]}>{format.shortStatus(item.status)}</Badge>
          )}
          <span className={styles.itemMetaText}>
            {item.line.name}
            {item.operator && item.operator.id !== meId && ` · ${item.operator.name}`}
          </span>
        </span>
      </span>
    </button>
  );
}

function ListSkeleton() {
  const t = useTranslations('inbox.list');
  return (
    <div aria-busy="true" aria-label={t('loading')}>
      {Array.from({ length: 7 }, (_, i) => (
        <div key={i} className={styles.skeletonItem}>
          <Skeleton width={36} height={36} radius={18} />
          <div className={styles.skeletonLines}>
            <Skeleton width={`${55 + ((i * 13) % 30)}%`} height={12} />
            <Skeleton width={`${70 + ((i * 7) % 25)}%`} height={10} />
            <Skeleton width={90} height={16} radius={8} />
          </div>
        </div>
      ))}
    </div>
  );
}
