'use client';

import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Card, EmptyState, Skeleton } from '../ui';
import { ChannelFormModal } from './channels/ChannelFormModal';
import { ChannelItem } from './channels/ChannelItem';
import styles from './channels/channels.module.css';

/** The line's channels, where its dialogs come from: add, edit, switch off, check and remove them. */
export function ChannelsCard({ lineId }: { lineId: number }) {
  const t = useTranslations('channels.card');
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions({ lineId }));
  const [adding, setAdding] = useState(false);

  return (
    <Card
      id="channels"
      title={t('title')}
      description={t('description')}
      actions={
        <Button size="sm" icon={<Plus size={14} aria-hidden />} onClick={() => setAdding(true)}>
          {t('add')}
        </Button>
      }
    >
      {channels.status === 'pending' ? (
        <Skeleton height={120} radius={10} />
      ) : channels.status === 'error' ? (
        <Alert tone="error" role="alert">
          {errorMessage(channels.error)}
        </Alert>
      ) : channels.data.length === 0 ? (
        <EmptyState title={t('emptyTitle')} description={t('emptyDescription')} />
      ) : (
        <ul className={styles.list} aria-label={t('listLabel')}>
          {channels.data.map((channel) => (
            <ChannelItem key={channel.id} channel={channel} />
          ))}
        </ul>
      )}
      {adding && <ChannelFormModal lineId={lineId} onClose={() => setAdding(false)} />}
    </Card>
  );
}
