'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Waypoints } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Skeleton } from '../ui';
import styles from './admin.module.css';
import { browserTimeZone } from './labels';

/** When a line was created: a date, written the way the user's language writes it. */
const createdDate = { dateStyle: 'medium' } as const;

export function LinesPage() {
  const t = useTranslations('lines.list');
  const kinds = useTranslations('channels.kinds');
  const format = useFormatter();
  const trpc = useTRPC();
  const lines = useQuery(trpc.lines.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <div className={styles.page}>
      <header className={styles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={styles.pageDescription}>{t('description')}</p>
        </div>
        {!creating && (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
            {t('newLine')}
          </Button>
        )}
      </header>

      {creating && <CreateLineForm onCancel={() => setCreating(false)} />}

      {lines.status === 'pending' && (
        <div className={styles.tableCard} aria-busy="true" aria-label={t('loading')}>
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
          {t('loadFailed', { reason: errorMessage(lines.error) })}
        </Alert>
      )}
      {lines.status === 'success' && lines.data.length === 0 && !creating && (
        <div className={styles.tableCard}>
          <EmptyState
            icon={<Waypoints size={20} />}
            title={t('emptyTitle')}
            description={t('emptyDescription')}
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
                {t('newLine')}
              </Button>
            }
          />
        </div>
      )}
      {lines.status === 'success' && lines.data.length > 0 && (
        <div className={styles.tableCard}>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('queue')}</th>
                <th scope="col">{t('channels')}</th>
                <th scope="col" className={styles.hideSmall}>
                  {t('created')}
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
                      <Badge tone="amber" title={t('noOperatorsHint')}>
                        {t('noOperators')}
                      </Badge>
                    ) : (
                      t('operators', { count: line.queueSize })
                    )}
                  </td>
                  <td>
                    {line.channels.length === 0 ? (
                      <span style={{ color: 'var(--text-muted)' }}>{t('noChannels')}</span>
                    ) : (
                      <span className={styles.chips}>
                        {line.channels.map((channel) => (
                          <Badge key={channel.id} tone="accent" title={t('channelKey', { key: channel.key })}>
                            {channel.name.toLowerCase() === kinds(channel.kind).toLowerCase() ? channel.name : `${kinds(channel.kind)} · ${channel.name}`}
                          </Badge>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className={styles.hideSmall} style={{ color: 'var(--text-muted)' }}>
                    {format.dateTime(line.createdAt, { ...createdDate, timeZone: browserTimeZone() })}
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
  const t = useTranslations();
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
      <Field label={t('lines.create.nameLabel')} hint={t('lines.create.nameHint')} error={nameError}>
        {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('lines.create.namePlaceholder')} autoFocus maxLength={120} />}
      </Field>
      <div className={styles.createButtons}>
        <Button type="submit" variant="primary" loading={create.isPending}>
          {t('lines.create.submit')}
        </Button>
        <Button onClick={onCancel}>{t('common.admin.cancel')}</Button>
      </div>
    </form>
  );
}
