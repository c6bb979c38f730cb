'use client';

import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessageSquare } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { errorMessage } from '../trpc/errors';
import { useTRPC } from '../trpc/client';
import { Alert, Badge, Button, Spinner } from '../ui';
import { useInboxFormat } from '../inbox/format';
import { MessageList } from '../inbox/MessageList';
import styles from './history.module.css';

/** A dialog read from the history: its facts and its messages, with no reply box or actions. */
export function HistoryThread({ dialogId, onClose }: { dialogId: number; onClose: () => void }) {
  const trpc = useTRPC();
  const dialog = useQuery(trpc.dialogs.get.queryOptions({ dialogId }, { retry: false }));
  const t = useTranslations('history.thread');
  const format = useInboxFormat();
  if (dialog.isPending) {
    return (
      <p className={styles.loading}>
        <Spinner size={14} /> {t('opening', { id: dialogId })}
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
    <article className={styles.thread} aria-label={t('label', { id: view.id, name: view.contact.label })}>
      <header className={styles.threadHeader}>
        <Button size="sm" variant="ghost" iconOnly icon={<ArrowLeft size={16} aria-hidden />} aria-label={t('back')} onClick={onClose} className={styles.threadBack} />
        <div className={styles.threadTitle}>
          <h2>
            {view.contact.label} <span className={styles.threadId}>#{view.id}</span>
          </h2>
          <p className={styles.meta}>
            {[
              view.line.name,
              format.channelName(view.channel),
              view.operator?.name,
              t('created', { at: format.dateTime(view.createdAt) }),
              view.closedAt ? t('closed', { at: format.dateTime(view.closedAt) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <Badge tone={view.status === 'closed' ? 'neutral' : 'accent'}>{format.status(view.status)}</Badge>
        {view.rating && <Badge tone="green">{t('rating', { rating: view.rating })}</Badge>}
        {view.status !== 'closed' && (
          <Link className={styles.openInInbox} href={`/inbox?dialog=${view.id}`}>
            <MessageSquare size={14} aria-hidden /> {t('openInInbox')}
          </Link>
        )}
      </header>
      <MessageList view={view} />
      <p className={styles.readOnly}>{view.status === 'closed' ? t('readOnlyClosed') : t('readOnlyOpen')}</p>
    </article>
  );
}
