'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Waypoints } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Skeleton } from '../ui';
import styles from './admin.module.css';
import { channelKindLabels } from './labels';

export function LinesPage() {
  const trpc = useTRPC();
  const lines = useQuery(trpc.lines.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <div className={styles.page}>
      <header className={styles.pageHeader}>
        <div>
          <h1>Lines</h1>
          <p className={styles.pageDescription}>Each line routes its channels’ dialogs to a queue of operators, with its own settings.</p>
        </div>
        {!creating && (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
            New line
          </Button>
        )}
      </header>

      {creating && <CreateLineForm onCancel={() => setCreating(false)} />}

      {lines.status === 'pending' && (
        <div className={styles.tableCard} aria-busy="true" aria-label="Loading lines">
          {[0, 1, 2].map((i) => (
            <div key={i} style={{ display: 'flex', gap: 24, padding: 18, borderBottom: '1px solid var(--border)' }}>
              <Skeleton width={160} height={14} />
              <Skeleton width={80} height={14} />
              <Skeleton width={120} height={14} />
            </div>
          ))}
        </div>
      )}
      {lines.status === 'error' && (
        <Alert tone="error" role="alert">
          Could not load the lines. {errorMessage(lines.error)}
        </Alert>
      )}
      {lines.status === 'success' && lines.data.length === 0 && !creating && (
        <div className={styles.tableCard}>
          <EmptyState
            icon={<Waypoints size={20} />}
            title="No lines yet"
            description="Create a line, add operators to its queue and connect a channel such as the website chat."
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
                New line
              </Button>
            }
          />
        </div>
      )}
      {lines.status === 'success' && lines.data.length > 0 && (
        <div className={styles.tableCard}>
          <table className={styles.table}>
            <caption className="visually-hidden">Lines</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Queue</th>
                <th scope="col">Channels</th>
                <th scope="col" className={styles.hideSmall}>
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.data.map((line) => (
                <tr key={line.id}>
                  <td>
                    <Link href={`/admin/lines/${line.id}`} className={styles.lineName}>
                      {line.name}
                    </Link>
                  </td>
                  <td>
                    {line.queueSize === 0 ? (
                      <Badge tone="amber" title="New dialogs wait until an operator joins the queue">
                        No operators
                      </Badge>
                    ) : (
                      `${line.queueSize} ${line.queueSize === 1 ? 'operator' : 'operators'}`
                    )}
                  </td>
                  <td>
                    {line.channels.length === 0 ? (
                      <span style={{ color: 'var(--text-muted)' }}>None</span>
                    ) : (
                      <span className={styles.chips}>
                        {line.channels.map((channel) => (
                          <Badge key={channel.id} tone="accent" title={`Key: ${channel.key}`}>
                            {channel.name.toLowerCase() === channelKindLabels[channel.kind].toLowerCase() ? channel.name : `${channelKindLabels[channel.kind]} · ${channel.name}`}
                          </Badge>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className={styles.hideSmall} style={{ color: 'var(--text-muted)' }}>
                    {line.createdAt.toLocaleDateString(undefined, { dateStyle: 'medium' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CreateLineForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.lines.create.mutationOptions({
      onSuccess: ({ id }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.lines.list.queryKey() });
        router.push(`/admin/lines/${id}`);
      },
    }),
  );
  const nameError = create.error ? (fieldErrorsOf(create.error).name?.[0] ?? errorMessage(create.error)) : null;
  return (
    <form
      className={styles.createForm}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name });
      }}
    >
      <Field label="Name of the new line" hint="Internal: clients never see it." error={nameError}>
        {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Website support" autoFocus maxLength={120} />}
      </Field>
      <div className={styles.createButtons}>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Create line
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
