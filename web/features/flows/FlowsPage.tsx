'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Plus, Trash2, Workflow } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { FlowKind } from '../../../domain/flows/document';
import type { AppRouter } from '../../server/trpc/routers/_app';
import styles from '../admin/admin.module.css';
import { ActionModal } from '../inbox/ActionModal';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, Choices, EmptyState, Field, Input, Skeleton, useToast } from '../ui';

type FlowRow = inferRouterOutputs<AppRouter>['flows']['list'][number];

const dayFormat = { dateStyle: 'medium' } as const;
const momentFormat = { dateStyle: 'medium', timeStyle: 'short' } as const;

/** SPEC §6: the admin's flows — bot scenarios and routing scenarios — and which lines use them. */
export function FlowsPage() {
  const trpc = useTRPC();
  const t = useTranslations('flows');
  const format = useFormatter();
  const flows = useQuery(trpc.flows.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<FlowRow | null>(null);

  return (
    <div className={styles.page}>
      <header className={styles.pageHeader}>
        <div>
          <h1>{t('page.title')}</h1>
          <p className={styles.pageDescription}>{t('page.description')}</p>
        </div>
        {!creating && (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
            {t('page.newFlow')}
          </Button>
        )}
      </header>

      {creating && <CreateFlowForm onCancel={() => setCreating(false)} />}

      {flows.status === 'pending' && (
        <div className={styles.tableCard} aria-busy="true" aria-label={t('page.loading')}>
          {[0, 1, 2].map((i) => (
            <div key={i} style={{ display: 'flex', gap: 24, padding: 18, borderBottom: '1px solid var(--border)' }}>
              <Skeleton width={180} height={14} />
              <Skeleton width={70} height={14} />
              <Skeleton width={120} height={14} />
            </div>
          ))}
        </div>
      )}
      {flows.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('page.loadFailed')} {errorMessage(flows.error)}
        </Alert>
      )}
      {flows.status === 'success' && flows.data.length === 0 && !creating && (
        <div className={styles.tableCard}>
          <EmptyState
            icon={<Workflow size={20} />}
            title={t('page.emptyTitle')}
            description={t('page.emptyDescription')}
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
                {t('page.newFlow')}
              </Button>
            }
          />
        </div>
      )}
      {flows.status === 'success' && flows.data.length > 0 && (
        <div className={styles.tableCard}>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('page.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('page.columns.name')}</th>
                <th scope="col">{t('page.columns.kind')}</th>
                <th scope="col">{t('page.columns.published')}</th>
                <th scope="col" className={styles.hideSmall}>
                  {t('page.columns.updated')}
                </th>
                <th scope="col">{t('page.columns.usedBy')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('page.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {flows.data.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <Link href={`/admin/flows/${flow.id}`} className={styles.lineName}>
                      {flow.name}
                    </Link>
                  </td>
                  <td>
                    <Badge tone={flow.kind === 'bot' ? 'accent' : 'neutral'}>{t(`kinds.${flow.kind}`)}</Badge>
                  </td>
                  <td>
                    {flow.publishedVersion === null ? (
                      <Badge tone="amber">{t('page.draftOnly')}</Badge>
                    ) : (
                      <span title={flow.publishedAt ? t('page.publishedAt', { date: format.dateTime(flow.publishedAt, momentFormat) }) : undefined}>
                        {t('page.version', { version: String(flow.publishedVersion) })}
                      </span>
                    )}
                  </td>
                  <td className={styles.hideSmall} style={{ color: 'var(--text-muted)' }}>
                    {format.dateTime(flow.updatedAt, dayFormat)}
                  </td>
                  <td>
                    {flow.usedByLines.length === 0 ? (
                      <span style={{ color: 'var(--text-muted)' }}>{t('page.noLine')}</span>
                    ) : (
                      <span className={styles.chips}>
                        {flow.usedByLines.map((line) => (
                          <Link key={line.id} href={`/admin/lines/${line.id}`}>
                            {line.name}
                          </Link>
                        ))}
                      </span>
                    )}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    <Button variant="ghost" size="sm" iconOnly icon={<Trash2 size={15} />} aria-label={t('page.deleteNamed', { name: flow.name })} title={t('page.delete')} onClick={() => setDeleting(flow)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && <DeleteFlowDialog flow={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function CreateFlowForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const t = useTranslations('flows');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FlowKind>('bot');
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: ({ id }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() });
        router.push(`/admin/flows/${id}`);
      },
    }),
  );
  const nameError = create.error ? (fieldErrorsOf(create.error).name?.[0] ?? errorMessage(create.error)) : null;
  return (
    <form
      className={styles.createForm}
      style={{ flexWrap: 'wrap' }}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, kind });
      }}
    >
      <Field label={t('create.name')} hint={t('create.nameHint')} error={nameError}>
        {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('create.namePlaceholder')} autoFocus maxLength={120} />}
      </Field>
      <div style={{ display: 'grid', gap: 6 }}>
        <span style={{ fontWeight: 560, fontSize: 13 }}>{t('create.kind')}</span>
        <Choices
          legend={t('create.kind')}
          name="flow-kind"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'bot', label: t('kinds.bot') },
            { value: 'routing', label: t('kinds.routing') },
          ]}
        />
      </div>
      <div className={styles.createButtons}>
        <Button type="submit" variant="primary" loading={create.isPending}>
          {t('create.submit')}
        </Button>
        <Button onClick={onCancel}>{t('create.cancel')}</Button>
      </div>
    </form>
  );
}

function DeleteFlowDialog({ flow, onClose }: { flow: FlowRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('flows.deleteDialog');
  const remove = useMutation(
    trpc.flows.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
        toast({ tone: 'success', title: t('deleted', { name: flow.name }) });
        onClose();
      },
    }),
  );
  return (
    <ActionModal
      title={t('title', { name: flow.name })}
      description={flow.usedByLines.length > 0 ? t('usedBy', { lines: flow.usedByLines.map((line) => line.name).join(', ') }) : t('description')}
      submitLabel={t('submit')}
      submitVariant="dangerSolid"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onSubmit={() => remove.mutate({ flowId: flow.id })}
      onClose={onClose}
    />
  );
}
