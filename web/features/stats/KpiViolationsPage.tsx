'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Gauge } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { formatLimit, kpiKindLabels } from '../../../domain/kpi';
import adminStyles from '../admin/admin.module.css';
import { formatDateTime } from '../inbox/format';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Select, Skeleton, cx } from '../ui';
import { defaultKpiFilters, toViolationsInput, type KpiFilterDraft } from './kpi-filters';
import styles from './stats.module.css';

const UNASSIGNED = 'Unassigned (in queue)';

/** SPEC §8 "KPI violations": dialogs that waited longer than their line's answer-time limit, per operator. */
export function KpiViolationsPage() {
  const trpc = useTRPC();
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
          <h1>KPI violations</h1>
          <p className={adminStyles.pageDescription}>Dialogs that waited longer than their line’s first-answer or further-answer limit.</p>
        </div>
      </header>

      <form className={styles.filters} aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <Field label="Line">
          {(control) => (
            <Select {...control} value={draft.lineId} onChange={set('lineId')}>
              <option value="">All lines</option>
              {options.data?.lines.map((line) => (
                <option key={line.id} value={line.id}>
                  {line.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Operator">
          {(control) => (
            <Select {...control} value={draft.operatorId} onChange={set('operatorId')}>
              <option value="">All operators</option>
              {options.data?.operators.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="From" error={fieldErrors.from?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />}
        </Field>
        <Field label="To" error={fieldErrors.to?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />}
        </Field>
        <Button className={styles.reset} variant="ghost" onClick={() => setDraft(defaultKpiFilters())}>
          Last 30 days
        </Button>
      </form>

      {violations.status === 'error' && Object.keys(fieldErrors).length === 0 && (
        <Alert tone="error" role="alert">
          Could not load the violations. {errorMessage(violations.error)}
        </Alert>
      )}

      {violations.status === 'pending' && (
        <div className={cx(adminStyles.tableCard, styles.skeletons)} aria-busy="true" aria-label="Loading violations">
          {['60%', '85%', '70%'].map((width) => (
            <Skeleton key={width} width={width} height={14} />
          ))}
        </div>
      )}

      {data && (
        <div className={styles.sections} aria-busy={violations.isFetching || undefined}>
          <dl className={styles.totals}>
            <div>
              <dt>Violations</dt>
              <dd>{data.total}</dd>
            </div>
            <div>
              <dt>{kpiKindLabels.first_answer}</dt>
              <dd>{sum((row) => row.firstAnswer)}</dd>
            </div>
            <div>
              <dt>{kpiKindLabels.further_answer}</dt>
              <dd>{sum((row) => row.furtherAnswer)}</dd>
            </div>
          </dl>

          {data.total === 0 ? (
            <div className={adminStyles.tableCard}>
              <EmptyState icon={<Gauge size={20} />} title="No violations" description="No dialog went over its answer-time limit with these filters." />
            </div>
          ) : (
            <>
              <section className={adminStyles.tableCard} aria-labelledby="kpi-per-operator">
                <h2 id="kpi-per-operator" className={styles.tableTitle}>
                  By operator
                </h2>
                <div className={styles.scroll}>
                  <table className={adminStyles.table}>
                    <thead>
                      <tr>
                        <th scope="col">Operator</th>
                        <th scope="col" className={styles.number}>
                          {kpiKindLabels.first_answer}
                        </th>
                        <th scope="col" className={styles.number}>
                          {kpiKindLabels.further_answer}
                        </th>
                        <th scope="col" className={styles.number}>
                          Total
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.perOperator.map((row) => (
                        <tr key={row.operator?.id ?? 'unassigned'}>
                          <th scope="row" className={styles.rowHeader}>
                            {row.operator?.name ?? <span className={styles.muted}>{UNASSIGNED}</span>}
                          </th>
                          <td className={styles.number}>{row.firstAnswer}</td>
                          <td className={styles.number}>{row.furtherAnswer}</td>
                          <td className={cx(styles.number, styles.total)}>{row.total}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>

              <section className={adminStyles.tableCard} aria-labelledby="kpi-latest">
                <h2 id="kpi-latest" className={styles.tableTitle}>
                  Latest violations
                  {data.items.length < data.total && <span className={styles.muted}> — the {data.items.length} most recent</span>}
                </h2>
                <div className={styles.scroll}>
                  <table className={adminStyles.table}>
                    <thead>
                      <tr>
                        <th scope="col">Dialog</th>
                        <th scope="col">Limit</th>
                        <th scope="col">Operator</th>
                        <th scope="col" className={adminStyles.hideSmall}>
                          Line
                        </th>
                        <th scope="col" className={adminStyles.hideSmall}>
                          Detected
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
                            <Badge tone={item.kind === 'first_answer' ? 'red' : 'amber'}>{kpiKindLabels[item.kind]}</Badge>
                            <span className={styles.limit}> over {formatLimit(item.limitMinutes)}</span>
                          </td>
                          <td>{item.operator?.name ?? <span className={styles.muted}>{UNASSIGNED}</span>}</td>
                          <td className={adminStyles.hideSmall}>{item.line.name}</td>
                          <td className={cx(adminStyles.hideSmall, styles.nowrap)}>
                            <time dateTime={item.detectedAt.toISOString()}>{formatDateTime(item.detectedAt)}</time>
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
