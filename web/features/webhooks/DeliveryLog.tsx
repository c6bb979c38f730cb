'use client';

import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { RotateCw } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import type { WebhookDeliveryStatus } from '../../../domain/webhooks';
import adminStyles from '../admin/admin.module.css';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Badge, Button, ExpandButton, Skeleton, cx, useToast, type BadgeTone } from '../ui';
import styles from './webhooks.module.css';

const statusTones: Record<WebhookDeliveryStatus, BadgeTone> = { pending: 'neutral', sending: 'amber', delivered: 'green', failed: 'red' };

/** A webhook's deliveries, newest first: each attempt's answer, and "Send again". */
export function DeliveryLog({ subscriptionId, id }: { subscriptionId: number; id: string }) {
  const t = useTranslations('webhooks');
  const format = useFormatter();
  const trpc = useTRPC();
  const toast = useToast();
  const [open, setOpen] = useState<number | null>(null);
  const log = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions(
      { subscriptionId },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // While something is on its way, the log follows it.
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.deliveries.some((d) => d.status === 'pending' || d.status === 'sending')) ? 2_000 : false),
      },
    ),
  );
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => {
        toast({ tone: 'success', title: t('log.queued') });
        void log.refetch();
      },
      onError: (error) => toast({ tone: 'error', title: t('log.sendAgainFailed'), description: errorMessage(error) }),
    }),
  );
  const deliveries = log.data?.pages.flatMap((p) => p.deliveries) ?? [];
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <section id={id} className={styles.log} aria-label={t('log.title')}>
      {log.status === 'pending' && (
        <div aria-busy="true" aria-label={t('log.loading')} className={styles.logSkeleton}>
          <Skeleton width="60%" height={14} />
          <Skeleton width="40%" height={14} />
        </div>
      )}
      {log.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('log.loadFailed', { message: errorMessage(log.error) })}
        </Alert>
      )}
      {log.status === 'success' && deliveries.length === 0 && <p className={styles.muted}>{t('log.empty')}</p>}
      {deliveries.length > 0 && (
        <div className={styles.scroll}>
          <table className={cx(adminStyles.table, styles.logTable)}>
            <caption className="visually-hidden">{t('log.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('log.event')}</th>
                <th scope="col">{t('log.status')}</th>
                <th scope="col">{t('log.last')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('table.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => {
                const detailsId = `${id}-delivery-${delivery.id}`;
                const expanded = open === delivery.id;
                const eventName = t(`events.${delivery.type}`);
                const last = delivery.attempts.at(-1);
                return (
                  <Fragment key={delivery.id}>
                    <tr>
                      <td>
                        <p className={styles.eventName}>{eventName}</p>
                        <p className={styles.muted}>
                          <code className={styles.code}>{delivery.eventId}</code>
                          {delivery.dialogId !== null && <> · {t('log.dialogNumber', { id: delivery.dialogId })}</>}
                          {' · '}
                          {when(delivery.createdAt)}
                        </p>
                      </td>
                      <td>
                        <Badge tone={statusTones[delivery.status]} dot>
                          {t(`status.${delivery.status}`)}
                        </Badge>
                        <p className={styles.muted}>{t('log.attemptCount', { count: delivery.attempts.length })}</p>
                      </td>
                      <td className={styles.lastAnswer}>
                        {delivery.lastStatusCode !== null ? <code className={styles.code}>{delivery.lastStatusCode}</code> : last ? t('log.noAnswer') : null}
                        {delivery.lastError && <p className={styles.errorText}>{delivery.lastError}</p>}
                      </td>
                      <td className={styles.rowActions}>
                        <ExpandButton expanded={expanded} controls={detailsId} label={t('log.detailsOf', { event: eventName })} onToggle={() => setOpen(expanded ? null : delivery.id)}>
                          {expanded ? t('log.hideDetails') : t('log.details')}
                        </ExpandButton>
                        <Button
                          size="sm"
                          icon={<RotateCw size={14} />}
                          disabled={delivery.status === 'pending' || delivery.status === 'sending'}
                          loading={redeliver.isPending && redeliver.variables?.deliveryId === delivery.id}
                          aria-label={t('log.sendAgainOf', { event: eventName })}
                          onClick={() => redeliver.mutate({ subscriptionId, deliveryId: delivery.id })}
                        >
                          {t('log.sendAgain')}
                        </Button>
                      </td>
                    </tr>
                    {expanded && (
                      <tr className={styles.detailsRow}>
                        <td colSpan={4} id={detailsId}>
                          <table className={styles.attempts}>
                            <thead>
                              <tr>
                                <th scope="col">{t('log.attemptAt')}</th>
                                <th scope="col">{t('log.statusCode')}</th>
                                <th scope="col">{t('log.duration')}</th>
                                <th scope="col">{t('log.response')}</th>
                              </tr>
                            </thead>
                            <tbody>
                              {delivery.attempts.map((attempt) => (
                                <tr key={attempt.id}>
                                  <td className={styles.nowrap}>
                                    {when(attempt.at)}
                                    {delivery.round > 1 && <span className={styles.muted}> · {t('log.round', { round: attempt.round })}</span>}
                                  </td>
                                  <td>{attempt.statusCode ?? t('log.noAnswer')}</td>
                                  <td className={styles.nowrap}>{t('log.durationMs', { ms: format.number(attempt.durationMs) })}</td>
                                  <td>
                                    {attempt.error && <p className={styles.errorText}>{attempt.error}</p>}
                                    {attempt.responseExcerpt && <pre className={styles.excerpt}>{attempt.responseExcerpt}</pre>}
                                  </td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <Button size="sm" variant="ghost" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('log.older')}
        </Button>
      )}
    </section>
  );
}
