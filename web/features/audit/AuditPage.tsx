'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ScrollText, X } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { Fragment, useDeferredValue, useState } from 'react';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, type AuditAction, type AuditSubjectType } from '../../../domain/audit';
import adminStyles from '../admin/admin.module.css';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, EmptyState, ExpandButton, Field, Input, Select, Skeleton, cx } from '../ui';
import { changedFields } from './changes';
import styles from './audit.module.css';

interface Filters {
  from: string;
  to: string;
  actorUserId: string;
  action: AuditAction | '';
  subjectType: AuditSubjectType | '';
  subjectId: string;
}

const noFilters: Filters = { from: '', to: '', actorUserId: '', action: '', subjectType: '', subjectId: '' };

/** The "Who" choice for entries of the scheduled jobs (retention): no user id looks like it. */
const SYSTEM_ACTOR = '~system';

/** The figures of a retention entry (`line.old_dialogs_deleted`), when the entry holds them all. */
function oldDialogsDeleted(after: Record<string, unknown> | null): { days: number; cutoff: string; dialogs: number; messages: number; files: number } | null {
  const { days, cutoff, dialogs, messages, files } = after ?? {};
  const numbers = [days, dialogs, messages, files];
  return numbers.every((n) => typeof n === 'number') && typeof cutoff === 'string'
    ? { days: days as number, cutoff, dialogs: dialogs as number, messages: messages as number, files: files as number }
    : null;
}

/** A `yyyy-mm-dd` of the date input as the start of that day here, optionally some days later. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

/** Admin → Audit log (SPEC §9): who did what and when, filtered, newest first. */
export function AuditPage() {
  const t = useTranslations('audit');
  const format = useFormatter();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const subjectId = useDeferredValue(filters.subjectId.trim());
  const [open, setOpen] = useState<number | null>(null);
  const users = useQuery(trpc.users.list.queryOptions());
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      {
        from: startOfDay(filters.from),
        // "To" includes the whole day chosen.
        to: startOfDay(filters.to, 1),
        actorUserId: (filters.actorUserId !== SYSTEM_ACTOR && filters.actorUserId) || undefined,
        actorKind: filters.actorUserId === SYSTEM_ACTOR ? 'system' : undefined,
        action: filters.action || undefined,
        subjectType: filters.subjectType || undefined,
        subjectId: subjectId || undefined,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'medium' });
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((current) => ({ ...current, [key]: value }));
  const subjectName = (type: string) => ((AUDIT_SUBJECT_TYPES as readonly string[]).includes(type) ? t(`subjects.${type as AuditSubjectType}`) : type);
  const actionName = (action: string) => ((AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`actions.${action as AuditAction}`) : action);

  return (
    <div className={cx(adminStyles.page, styles.page)}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
      </header>

      <form className={styles.filters} aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('filters.from')}>{(control) => <Input {...control} type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set('from', e.target.value)} />}</Field>
        <Field label={t('filters.to')}>{(control) => <Input {...control} type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set('to', e.target.value)} />}</Field>
        <Field label={t('filters.actor')}>
          {(control) => (
            <Select {...control} value={filters.actorUserId} onChange={(e) => set('actorUserId', e.target.value)}>
              <option value="">{t('filters.anyone')}</option>
              <option value={SYSTEM_ACTOR}>{t('filters.system')}</option>
              {(users.data ?? []).map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('filters.action')}>
          {(control) => (
            <Select {...control} value={filters.action} onChange={(e) => set('action', e.target.value as Filters['action'])}>
              <option value="">{t('filters.anyAction')}</option>
              {AUDIT_SUBJECT_TYPES.map((type) => (
                <optgroup key={type} label={t(`subjects.${type}`)}>
                  {AUDIT_ACTIONS.filter((action) => action.startsWith(`${type}.`)).map((action) => (
                    <option key={action} value={action}>
                      {t(`actions.${action}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('filters.subjectType')}>
          {(control) => (
            <Select {...control} value={filters.subjectType} onChange={(e) => set('subjectType', e.target.value as Filters['subjectType'])}>
              <option value="">{t('filters.anySubject')}</option>
              {AUDIT_SUBJECT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`subjects.${type}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('filters.subjectId')}>
          {(control) => <Input {...control} value={filters.subjectId} maxLength={100} placeholder={t('filters.subjectIdPlaceholder')} onChange={(e) => set('subjectId', e.target.value)} />}
        </Field>
        {filtered && (
          <div className={styles.clear}>
            <Button size="sm" variant="ghost" icon={<X size={14} />} onClick={() => setFilters(noFilters)}>
              {t('filters.clear')}
            </Button>
          </div>
        )}
      </form>

      {log.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label={t('loading')}>
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className={styles.skeletonRow}>
              <Skeleton width={140} height={14} />
              <Skeleton width={120} height={14} />
              <Skeleton width={160} height={14} />
              <Skeleton width={90} height={14} />
            </div>
          ))}
        </div>
      )}
      {log.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed', { message: errorMessage(log.error) })}
        </Alert>
      )}
      {log.status === 'success' && entries.length === 0 && (
        <div className={adminStyles.tableCard}>
          <EmptyState icon={<ScrollText size={20} />} title={t('empty.title')} description={filtered ? t('empty.filtered') : t('empty.all')} />
        </div>
      )}
      {entries.length > 0 && (
        <div className={adminStyles.tableCard}>
          <div className={styles.scroll}>
            <table className={adminStyles.table}>
              <caption className="visually-hidden">{t('table.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('table.when')}</th>
                  <th scope="col">{t('table.who')}</th>
                  <th scope="col">{t('table.action')}</th>
                  <th scope="col">{t('table.subject')}</th>
                  <th scope="col">{t('table.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => {
                  const fields = changedFields(entry.before, entry.after);
                  const retention = entry.action === 'line.old_dialogs_deleted' ? oldDialogsDeleted(entry.after) : null;
                  const detailsId = `audit-entry-${entry.id}`;
                  const expanded = open === entry.id;
                  return (
                    <Fragment key={entry.id}>
                      <tr>
                        <td className={styles.nowrap}>{when(entry.at)}</td>
                        <td>
                          <p className={styles.actor}>
                            {entry.actor.kind === 'api_key' ? t('apiKey', { id: entry.actor.id }) : entry.actor.kind === 'system' ? t('system') : (entry.actor.name ?? t('removedUser'))}
                          </p>
                          {entry.actor.kind === 'system' && <p className={styles.muted}>{t('systemJob')}</p>}
                          {entry.ip && <p className={styles.muted}>{t('fromAddress', { ip: entry.ip })}</p>}
                        </td>
                        <td>
                          {actionName(entry.action)}
                          {retention && (
                            <p className={styles.muted}>
                              {t('summary.oldDialogsDeleted', { ...retention, cutoff: format.dateTime(new Date(retention.cutoff), { dateStyle: 'medium', timeStyle: 'short' }) })}
                            </p>
                          )}
                        </td>
                        <td className={styles.nowrap}>{t('subject', { type: subjectName(entry.subjectType), id: entry.subjectId })}</td>
                        <td>
                          {fields.length === 0 ? (
                            <span className={styles.muted}>{t('changes.none')}</span>
                          ) : (
                            <ExpandButton expanded={expanded} controls={detailsId} label={t('changes.showOf', { id: entry.id })} onToggle={() => setOpen(expanded ? null : entry.id)}>
                              {expanded ? t('changes.hide') : t('changes.count', { count: fields.length })}
                            </ExpandButton>
                          )}
                        </td>
                      </tr>
                      {expanded && (
                        <tr className={styles.detailsRow}>
                          <td colSpan={5} id={detailsId}>
                            <table className={styles.changes}>
                              <thead>
                                <tr>
                                  <th scope="col">{t('changes.field')}</th>
                                  <th scope="col">{t('changes.before')}</th>
                                  <th scope="col">{t('changes.after')}</th>
                                </tr>
                              </thead>
                              <tbody>
                                {fields.map((field) => (
                                  <tr key={field.name}>
                                    <th scope="row">
                                      <code>{field.name}</code>
                                    </th>
                                    <td>{field.before === undefined ? t('changes.empty') : <pre className={styles.value}>{field.before}</pre>}</td>
                                    <td>{field.after === undefined ? t('changes.empty') : <pre className={styles.value}>{field.after}</pre>}</td>
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
        </div>
      )}
      {log.hasNextPage && (
        <div className={styles.more}>
          <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('more')}
          </Button>
        </div>
      )}
    </div>
  );
}
