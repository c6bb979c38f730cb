'use client';

import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Card, EmptyState, Skeleton } from '../ui';
import { ChannelFormModal } from './channels/ChannelFormModal';
import { ChannelItem } from './channels/ChannelItem';
import styles from './channels/channels.module.css';

/** The line's channels, where its dialogs come from: add, edit, switch off, check and remove them. */
export function ChannelsCard({ lineId }: { lineId: number }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions({ lineId }));
  const [adding, setAdding] = useState(false);

  return (
    <Card
      id="channels"
      title="Channels"
      description="Where this line’s dialogs come from. A line can have several channels."
      actions={
        <Button size="sm" icon={<Plus size={14} aria-hidden />} onClick={() => setAdding(true)}>
          Add channel
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
        <EmptyState title="No channels yet" description="Add a website chat or a messenger: until then clients cannot reach this line." />
      ) : (
        <ul className={styles.list} aria-label="Channels of this line">
          {channels.data.map((channel) => (
            <ChannelItem key={channel.id} channel={channel} />
          ))}
        </ul>
      )}
      {adding && <ChannelFormModal lineId={lineId} onClose={() => setAdding(false)} />}
    </Card>
  );
}
