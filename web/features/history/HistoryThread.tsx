'use client';

import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessageSquare } from 'lucide-react';
import Link from 'next/link';
import { statusLabels } from '../../../domain/dialog';
import { errorMessage } from '../trpc/errors';
import { useTRPC } from '../trpc/client';
import { Alert, Badge, Button, Spinner } from '../ui';
import { channelName, formatDateTime } from '../inbox/format';
import { MessageList } from '../inbox/MessageList';
import styles from './history.module.css';

/** A dialog read from the history: its facts and its messages, with no reply box or actions. */
export function HistoryThread({ dialogId, onClose }: { dialogId: number; onClose: () => void }) {
  const trpc = useTRPC();
  const dialog = useQuery(trpc.dialogs.get.queryOptions({ dialogId }, { retry: false }));
  if (dialog.isPending) {
    return (
      <p className={styles.loading}>
        <Spinner size={14} /> Opening dialog #{dialogId}…
      </p>
    );
  }
  if (dialog.isError) {
    return (
      <div className={styles.threadError}>
        <Alert tone="error" role="alert">
          {errorMessage(dialog.error)}
        </Alert>
      </div>
    );
  }
  const view = dialog.data;
  return (
    <article className={styles.thread} aria-label={`Dialog #${view.id} with ${view.contact.label}`}>
      <header className={styles.threadHeader}>
        <Button size="sm" variant="ghost" iconOnly icon={<ArrowLeft size={16} aria-hidden />} aria-label="Back to the list" onClick={onClose} className={styles.threadBack} />
        <div className={styles.threadTitle}>
          <h2>
            {view.contact.label} <span className={styles.threadId}>#{view.id}</span>
          </h2>
          <p className={styles.meta}>
            {view.line.name} · {channelName(view.channel)}
            {view.operator ? ` · ${view.operator.name}` : ''} · created {formatDateTime(view.createdAt)}
            {view.closedAt ? ` · closed ${formatDateTime(view.closedAt)}` : ''}
          </p>
        </div>
        <Badge tone={view.status === 'closed' ? 'neutral' : 'accent'}>{statusLabels[view.status]}</Badge>
        {view.rating && <Badge tone="green">Rating: {view.rating}</Badge>}
        {view.status !== 'closed' && (
          <Link className={styles.openInInbox} href={`/inbox?dialog=${view.id}`}>
            <MessageSquare size={14} aria-hidden /> Open in inbox
          </Link>
        )}
      </header>
      <MessageList view={view} />
      <p className={styles.readOnly}>Read-only: {view.status === 'closed' ? 'this dialog is closed.' : 'answer it from the inbox.'}</p>
    </article>
  );
}
