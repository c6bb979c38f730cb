'use client';

import { Inbox, ListChecks, MessageSquareDashed, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Alert, Avatar, Badge, Button, EmptyState, Skeleton, cx } from '../ui';
import { errorMessage } from '../trpc/errors';
import { formatListTime, shortStatusLabels, statusTones } from './format';
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

const liveLabels: Record<LiveStatus, string> = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

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
  const tabs = tabDefinitions.filter((t) => !t.supervisorsOnly || props.supervisor);
  const current = tabDefinitions.find((t) => t.id === props.tab) ?? tabDefinitions[0];

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
    <section className={styles.listPane} aria-label="Dialogs">
      <div className={styles.listHeader}>
        <h1>Inbox</h1>
        <span className={styles.live} data-status={props.liveStatus} role="status" title="New messages and assignments appear without reloading">
          <span className={styles.liveDot} aria-hidden />
          {liveLabels[props.liveStatus]}
        </span>
      </div>
      <div className={styles.tabs} data-count={tabs.length} role="tablist" aria-label="Dialog lists" onKeyDown={onTabKey}>
        {tabs.map((t) => {
          const count = props.counts ? t.count(props.counts) : null;
          const hot = t.id === 'queue' ? (props.counts?.offeredToMe ?? 0) > 0 : t.id === 'waiting' && (count ?? 0) > 0;
          return (
            <button
              key={t.id}
              id={`tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={t.id === props.tab}
              aria-controls="dialog-list"
              tabIndex={t.id === props.tab ? 0 : -1}
              title={t.label}
              className={styles.tab}
              onClick={() => props.onTabChange(t.id)}
            >
              <span>{t.label}</span>
              {count !== null && count > 0 && (
                <span className={cx(styles.count, hot && styles.countHot)} aria-label={`${count} dialogs`}>
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
              <p>Could not load this list. {errorMessage(props.error)}</p>
              <Button size="sm" style={{ marginTop: 8 }} onClick={props.onRetry}>
                Try again
              </Button>
            </Alert>
          </div>
        )}
        {props.status === 'success' && props.items.length === 0 && current && (
          <EmptyState icon={emptyIcons[current.id]} title={current.empty.title} description={current.empty.description} />
        )}
        {props.status === 'success' && props.items.length > 0 && (
          <ul className={styles.items} aria-label={current?.label}>
            {props.items.map((item) => (
              <li key={item.id}>
                <DialogListItem item={item} meId={props.meId} selected={item.id === props.selectedId} onSelect={props.onSelect} />
              </li>
            ))}
            {props.hasMore && (
              <li className={styles.loadMore}>
                <Button size="sm" variant="ghost" loading={props.loadingMore} onClick={props.onLoadMore}>
                  Load older dialogs
                </Button>
              </li>
            )}
          </ul>
        )}
      </div>
      <div className={styles.listFooter} aria-hidden>
        <span>
          <kbd>j</kbd> <kbd>k</kbd> move · <kbd>r</kbd> reply
        </span>
      </div>
    </section>
  );
}

function previewAuthor(preview: NonNullable<InboxItem['preview']>): string {
  if (preview.hidden) return preview.byMe ? 'Your note: ' : 'Note: ';
  if (preview.authorKind === 'operator') return preview.byMe ? 'You: ' : 'Operator: ';
  return preview.authorKind === 'bot' ? 'Bot: ' : '';
}

function DialogListItem({ item, meId, selected, onSelect }: { item: InboxItem; meId: string; selected: boolean; onSelect: (id: number) => void }) {
  const preview = item.preview;
  const author = preview ? previewAuthor(preview) : '';
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
            {formatListTime(preview?.at ?? item.updatedAt)}
          </time>
        </span>
        <span className={styles.itemPreview}>
          {preview ? (
            <>
              {author && <span className={styles.previewAuthor}>{author}</span>}
              {preview.text}
            </>
          ) : (
            'No messages yet'
          )}
        </span>
        <span className={styles.itemMeta}>
          {item.offeredToMe ? (
            <Badge tone="accent" dot>
              Offered to you
            </Badge>
          ) : (
            <Badge tone={item.status === 'offered' ? 'neutral' : statusTones[item.status]}>{shortStatusLabels[item.status]}</Badge>
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
  return (
    <div aria-busy="true" aria-label="Loading dialogs">
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
