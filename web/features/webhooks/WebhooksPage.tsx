'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, History, Pencil, Plus, Trash2, Webhook } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import adminStyles from '../admin/admin.module.css';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, ExpandButton, Skeleton, cx, useToast } from '../ui';
import { DeliveryLog } from './DeliveryLog';
import { WebhookForm, type EditedWebhook } from './WebhookForm';
import styles from './webhooks.module.css';

/** Admin → Webhooks (SPEC §9): where dialog events are posted, and what became of each delivery. */
export function WebhooksPage() {
  const t = useTranslations('webhooks');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions());
  const [form, setForm] = useState<'new' | EditedWebhook | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  // Which row's panel is open: `log-<id>` or `delete-<id>`.
  const [expanded, setExpanded] = useState<string | null>(null);
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        toast({ tone: 'success', title: t('delete.deleted') });
        setExpanded(null);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
      },
      onError: (error) => toast({ tone: 'error', title: t('delete.failed'), description: errorMessage(error) }),
    }),
  );

  function copySecret(value: string) {
    navigator.clipboard.writeText(value).then(
      () => toast({ tone: 'success', title: t('secret.copied') }),
      () => undefined,
    );
  }

  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
        {form === null && (
          <Button variant="primary" icon={<Plus size={15} />} onClick={() => setForm('new')}>
            {t('add')}
          </Button>
        )}
      </header>

      {secret && (
        <section className={styles.secret} role="status" aria-labelledby="webhook-secret-title">
          <h2 id="webhook-secret-title" className={styles.formTitle}>
            {t('secret.title')}
          </h2>
          <p>{t('secret.once')}</p>
          <div className={styles.secretRow}>
            <code className={styles.secretValue} data-testid="webhook-secret">
              {secret}
            </code>
            <Button size="sm" icon={<Copy size={14} />} onClick={() => copySecret(secret)}>
              {t('secret.copy')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSecret(null)}>
              {t('secret.done')}
            </Button>
          </div>
        </section>
      )}

      {form !== null && <WebhookForm webhook={form === 'new' ? undefined : form} onDone={() => setForm(null)} onCreated={setSecret} />}

      {webhooks.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label={t('loading')}>
          {[0, 1, 2].map((i) => (
            <div key={i} className={styles.skeletonRow}>
              <Skeleton width={260} height={14} />
              <Skeleton width={120} height={14} />
              <Skeleton width={60} height={14} />
            </div>
          ))}
        </div>
      )}
      {webhooks.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed', { message: errorMessage(webhooks.error) })}
        </Alert>
      )}
      {webhooks.status === 'success' && webhooks.data.length === 0 && form === null && (
        <div className={adminStyles.tableCard}>
          <EmptyState icon={<Webhook size={20} />} title={t('empty.title')} description={t('empty.description')} />
        </div>
      )}
      {webhooks.status === 'success' && webhooks.data.length > 0 && (
        <div className={adminStyles.tableCard}>
          <div className={styles.scroll}>
            <table className={adminStyles.table}>
              <caption className="visually-hidden">{t('table.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('table.url')}</th>
                  <th scope="col">{t('table.events')}</th>
                  <th scope="col">{t('table.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('table.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {webhooks.data.map((webhook) => {
                  const logId = `log-${webhook.id}`;
                  const deleteId = `delete-${webhook.id}`;
                  return (
                    <Fragment key={webhook.id}>
                      <tr>
                        <td className={styles.urlCell}>
                          <p className={styles.url}>{webhook.url}</p>
                          {webhook.description && <p className={styles.muted}>{webhook.description}</p>}
                        </td>
                        <td>
                          <div className={adminStyles.chips} title={webhook.events.map((e) => t(`events.${e}`)).join(', ')}>
                            {webhook.events.length <= 3 ? webhook.events.map((e) => <Badge key={e}>{t(`events.${e}`)}</Badge>) : <Badge>{t('eventCount', { count: webhook.events.length })}</Badge>}
                          </div>
                        </td>
                        <td>
                          <Badge tone={webhook.active ? 'green' : 'neutral'} dot>
                            {webhook.active ? t('state.active') : t('state.paused')}
                          </Badge>
                        </td>
                        <td className={styles.rowActions}>
                          <ExpandButton
                            expanded={expanded === logId}
                            controls={logId}
                            label={t('actions.logOf', { url: webhook.url })}
                            icon={<History size={14} />}
                            onToggle={() => setExpanded(expanded === logId ? null : logId)}
                          >
                            {expanded === logId ? t('actions.hideLog') : t('actions.log')}
                          </ExpandButton>
                          <Button size="sm" variant="ghost" icon={<Pencil size={14} />} aria-label={t('actions.editOf', { url: webhook.url })} onClick={() => setForm(webhook)}>
                            {t('actions.edit')}
                          </Button>
                          <ExpandButton
                            expanded={expanded === deleteId}
                            controls={deleteId}
                            label={t('actions.deleteOf', { url: webhook.url })}
                            icon={<Trash2 size={14} />}
                            onToggle={() => setExpanded(expanded === deleteId ? null : deleteId)}
                          >
                            {t('actions.delete')}
                          </ExpandButton>
                        </td>
                      </tr>
                      {expanded === logId && (
                        <tr className={styles.panelRow}>
                          <td colSpan={4}>
                            <DeliveryLog subscriptionId={webhook.id} id={logId} />
                          </td>
                        </tr>
                      )}
                      {expanded === deleteId && (
                        <tr className={cx(styles.panelRow, styles.dangerRow)}>
                          <td colSpan={4} id={deleteId}>
                            <div className={styles.confirm} role="group" aria-label={t('actions.deleteOf', { url: webhook.url })}>
                              <p>{t('delete.confirm', { url: webhook.url })}</p>
                              <Button variant="dangerSolid" size="sm" loading={remove.isPending} onClick={() => remove.mutate({ id: webhook.id })}>
                                {t('delete.yes')}
                              </Button>
                              <Button size="sm" autoFocus onClick={() => setExpanded(null)}>
                                {t('delete.no')}
                              </Button>
                            </div>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
