'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Gauge } from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import adminStyles from '../admin/admin.module.css';
import { browserTimeZone } from '../shell/PresenceMenu';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Select, Skeleton, cx } from '../ui';
import { defaultKpiFilters, toViolationsInput, type KpiFilterDraft } from './kpi-filters';
import { useLimitText } from './limit-text';
import styles from './stats.module.css';

const DETECTED_AT = { dateStyle: 'medium', timeStyle: 'short' } as const;

/** SPEC §8 "KPI violations": dialogs that waited longer than their line's answer-time limit, per operator. */
export function KpiViolationsPage() {
  const trpc = useTRPC();
  const t = useTranslations('kpi');
  const format = useFormatter();
  const limitText = useLimitText();
  const [timeZone] = useState(browserTimeZone);
  const [draft, setDraft] = useState<KpiFilterDraft>(() => defaultKpiFilters());
  const options = useQuery(trpc.kpi.filterOptions.queryOptions());
  const violations = useQuery({ ...trpc.kpi.violations.queryOptions(toViolationsInput(draft)), placeholderData: keepPreviousData });
  const fieldErrors = fieldErrorsOf(violations.error);
  const set = (field: keyof KpiFilterDraft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));
  const data = violations.data;
  const sum = (pick: (row: { firstAnswer: number; furtherAnswer: number }) => number) => data?.perOperator.reduce((n, row) => n + pick(row), 0) ?? 0;

  return (
    <div className={cx(adminStyles.page, styles.page)}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
      </header>

      <form className={styles.filters} aria-label={t('filters.label')} onSubmit={(event) => event.preventDefault()}>
        <Field label={t('filters.line')}>
          {(control) => (
            <Select {...control} value={draft.lineId} onChange={set('lineId')}>
              <option value="">{t('filters.allLines')}</option>
              {options.data?.lines.map((line) => (
                <option key={line.id} value={line.id}>
                  {line.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('filters.operator')}>
          {(control) => (
            <Select {...control} value={draft.operatorId} onChange={set('operatorId')}>
              <option value="">{t('filters.allOperators')}</option>
              {options.data?.operators.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('filters.from')} error={fieldErrors.from?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />}
        </Field>
        <Field label={t('filters.to')} error={fieldErrors.to?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />}
        </Field>
        <Button className={styles.reset} variant="ghost" onClick={() => setDraft(defaultKpiFilters())}>
          {t('filters.last30Days')}
        </Button>
      </form>

      {violations.status === 'error' && Object.keys(fieldErrors).length === 0 && (
        <Alert tone="error" role="alert">
          {t('loadFailed')} {errorMessage(violations.error)}
        </Alert>
      )}

      {violations.status === 'pending' && (
        <div className={cx(adminStyles.tableCard, styles.skeletons)} aria-busy="true" aria-label={t('loading')}>
          {['60%', '85%', '70%'].map((width) => (
            <Skeleton key={width} width={width} height={14} />
          ))}
        </div>
      )}

      {data && (
        <div className={styles.sections} aria-busy={violations.isFetching || undefined}>
          <dl className={styles.totals}>
            <div>
              <dt>{t('violations')}</dt>
              <dd>{format.number(data.total)}</dd>
            </div>
            <div>
              <dt>{t('kinds.first_answer')}</dt>
              <dd>{format.number(sum((row) => row.firstAnswer))}</dd>
            </div>
            <div>
              <dt>{t('kinds.further_answer')}</dt>
              <dd>{format.number(sum((row) => row.furtherAnswer))}</dd>
            </div>
          </dl>

          {data.total === 0 ? (
            <div className={adminStyles.tableCard}>
              <EmptyState icon={<Gauge size={20} />} title={t('emptyTitle')} description={t('emptyText')} />
            </div>
          ) : (
            <>
              <section className={adminStyles.tableCard} aria-labelledby="kpi-per-operator">
                <h2 id="kpi-per-operator" className={styles.tableTitle}>
                  {t('byOperator')}
                </h2>
                <div className={styles.scroll}>
                  <table className={adminStyles.table}>
                    <thead>
                      <tr>
                        <th scope="col">{t('columns.operator')}</th>
                        <th scope="col" className={styles.number}>
                          {t('kinds.first_answer')}
                        </th>
                        <th scope="col" className={styles.number}>
                          {t('kinds.further_answer')}
                        </th>
                        <th scope="col" className={styles.number}>
                          {t('total')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.perOperator.map((row) => (
                        <tr key={row.operator?.id ?? 'unassigned'}>
                          <th scope="row" className={styles.rowHeader}>
                            {row.operator?.name ?? <span className={styles.muted}>{t('unassigned')}</span>}
                          </th>
                          <td className={styles.number}>{format.number(row.firstAnswer)}</td>
                          <td className={styles.number}>{format.number(row.furtherAnswer)}</td>
                          <td className={cx(styles.number, styles.total)}>{format.number(row.total)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>

              <section className={adminStyles.tableCard} aria-labelledby="kpi-latest">
                <h2 id="kpi-latest" className={styles.tableTitle}>
                  {t('latest')}
                  {data.items.length < data.total && <span className={styles.muted}>{t('mostRecent', { count: data.items.length })}</span>}
                </h2>
                <div className={styles.scroll}>
                  <table className={adminStyles.table}>
                    <thead>
                      <tr>
                        <th scope="col">{t('columns.dialog')}</th>
                        <th scope="col">{t('columns.limit')}</th>
                        <th scope="col">{t('columns.operator')}</th>
                        <th scope="col" className={adminStyles.hideSmall}>
                          {t('columns.line')}
                        </th>
                        <th scope="col" className={adminStyles.hideSmall}>
                          {t('columns.detected')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((item) => (
                        <tr key={item.id}>
                          <td>
                            <Link href={`/inbox?dialog=${item.dialogId}`}>#{item.dialogId}</Link>
                          </td>
                          <td>
                            <Badge tone={item.kind === 'first_answer' ? 'red' : 'amber'}>{t(`kinds.${item.kind}`)}</Badge>
                            <span className={styles.limit}>{t('over', { limit: limitText(item.limitMinutes) })}</span>
                          </td>
                          <td>{item.operator?.name ?? <span className={styles.muted}>{t('unassigned')}</span>}</td>
                          <td className={adminStyles.hideSmall}>{item.line.name}</td>
                          <td className={cx(adminStyles.hideSmall, styles.nowrap)}>
                            <time dateTime={item.detectedAt.toISOString()}>{format.dateTime(item.detectedAt, { ...DETECTED_AT, timeZone })}</time>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </>
          )}
        </div>
      )}
    </div>
  );
}
