'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { BarChart3 } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatisticsView } from '../../../../domain/statistics';
import type { AppRouter } from '../../../server/trpc/routers/_app';
import adminStyles from '../../admin/admin.module.css';
import { useTRPC } from '../../trpc/client';
import { errorMessage, fieldErrorsOf } from '../../trpc/errors';
import { Alert, Button, EmptyState, Field, Input, Select, Skeleton, cx } from '../../ui';
import { ChartSection } from './ChartSection';
import { HeatMap } from './HeatMap';
import styles from './statistics.module.css';
import { csvHref, draftFromSearch, filtersOf, searchFromDraft, type FilterDraft } from './url-filters';
import { useStatsFormat } from './useStatsFormat';

type Scope = 'all' | 'own';

/**
 * SPEC §8 statistics: the director's dashboard (`scope="all"`, /stats) and an operator's own
 * ("My statistics", /stats/me). Filters live in the URL; every chart has its table and CSV.
 */
export function StatisticsPage({ scope, defaultPeriod }: { scope: Scope; defaultPeriod: { from: string; to: string } }) {
  const t = useTranslations('statistics');
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const draft = useMemo(() => draftFromSearch(new URLSearchParams(search.toString()), defaultPeriod), [search, defaultPeriod]);
  const filters = filtersOf(draft);
  const options = useQuery(trpc.statistics.filterOptions.queryOptions());
  const dashboard = useQuery({ ...trpc.statistics.dashboard.queryOptions({ ...filters, own: scope === 'own' }), placeholderData: keepPreviousData });
  const fieldErrors = fieldErrorsOf(dashboard.error);

  const update = (changes: Partial<FilterDraft>) => {
    const next = { ...draft, ...changes };
    if (changes.lineId !== undefined) next.channelId = '';
    router.replace(`${pathname}?${searchFromDraft(next)}`, { scroll: false });
  };
  const set = (field: keyof FilterDraft) => (event: { target: { value: string } }) => update({ [field]: event.target.value });
  const channels = options.data?.channels.filter((c) => !draft.lineId || c.lineId === Number(draft.lineId)) ?? [];
  const data = dashboard.data;

  return (
    <div className={cx(adminStyles.page, styles.page)}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{scope === 'all' ? t('title') : t('myTitle')}</h1>
          <p className={adminStyles.pageDescription}>{scope === 'all' ? t('description') : t('myDescription')}</p>
        </div>
      </header>

      <form className={cx(styles.filters, scope === 'own' && styles.filtersOwn)} aria-label={t('filters.label')} onSubmit={(event) => event.preventDefault()}>
        <Field label={t('filters.from')} error={fieldErrors.from?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} required />}
        </Field>
        <Field label={t('filters.to')} error={fieldErrors.to?.[0]}>
          {(control) => <Input {...control} type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} required />}
        </Field>
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
        <Field label={t('filters.channel')}>
          {(control) => (
            <Select {...control} value={draft.channelId} onChange={set('channelId')}>
              <option value="">{t('filters.allChannels')}</option>
              {channels.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  {channel.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {scope === 'all' && (
          <Field label={t('filters.operator')} error={fieldErrors.operatorId?.[0]}>
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
        )}
        <Button className={styles.reset} variant="ghost" onClick={() => router.replace(pathname, { scroll: false })}>
          {t('filters.reset')}
        </Button>
      </form>

      {dashboard.status === 'error' && Object.keys(fieldErrors).length === 0 && (
        <Alert tone="error" role="alert">
          {t('loadFailed', { reason: errorMessage(dashboard.error) })}
        </Alert>
      )}

      {dashboard.status === 'pending' && (
        <div className={cx(styles.card, styles.skeletons)} aria-busy="true" aria-label={t('loading')}>
          {['60%', '85%', '70%'].map((width) => (
            <Skeleton key={width} width={width} height={14} />
          ))}
        </div>
      )}

      {data && (
        <div className={styles.sections} aria-busy={dashboard.isFetching || undefined}>
          <Totals figures={data.total} />
          {data.total.dialogs === 0 ? (
            <div className={styles.card}>
              <EmptyState icon={<BarChart3 size={20} />} title={t('empty.title')} description={t('empty.description')} />
            </div>
          ) : (
            <Views data={data} scope={scope} csv={(view) => csvHref(view, filters, scope === 'own')} />
          )}
          <PresenceView presence={data.presence} csv={csvHref('presence', filters, scope === 'own')} />
        </div>
      )}
    </div>
  );
}

type Dashboard = inferRouterOutputs<AppRouter>['statistics']['dashboard'];
type DialogFigures = Dashboard['total'];

function Totals({ figures }: { figures: DialogFigures }) {
  const t = useTranslations('statistics.totals');
  const f = useStatsFormat();
  const tiles: [string, ReactNode, string?][] = [
    [t('dialogs'), f.count(figures.dialogs)],
    [t('missed'), f.count(figures.missed), f.share(figures.missed, figures.dialogs)],
    [t('firstAnswer'), f.duration(figures.firstAnswerMedian), t('p90', { value: f.duration(figures.firstAnswerP90) })],
    [t('furtherAnswer'), f.duration(figures.furtherAnswerMedian), t('p90', { value: f.duration(figures.furtherAnswerP90) })],
    [t('resolution'), f.duration(figures.resolutionMedian), t('p90', { value: f.duration(figures.resolutionP90) })],
    [t('good'), f.share(figures.good, figures.rated), t('rated', { count: figures.rated })],
    [t('averageRating'), f.average(figures.averageRating), t('supervisor', { value: f.average(figures.supervisorAverage), count: figures.supervisorRated })],
    [t('leads'), f.count(figures.leads), f.share(figures.leads, figures.dialogs)],
    [t('kpiViolations'), f.count(figures.kpiViolations)],
  ];
  return (
    <dl className={styles.totals}>
      {tiles.map(([label, value, note]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
          {note && <dd className={styles.note}>{note}</dd>}
        </div>
      ))}
    </dl>
  );
}

function Views({ data, scope, csv }: { data: Dashboard; scope: Scope; csv: (view: StatisticsView) => string }) {
  const t = useTranslations('statistics');
  const f = useStatsFormat();
  const days = data.days.map((d) => ({ ...d, label: f.day(d.day) }));
  return (
    <>
      <ChartSection
        id="stats-days"
        wide
        title={t('days.title')}
        description={t('days.description')}
        csvHref={csv('days')}
        chart={
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={days} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
              <XAxis dataKey="label" tickLine={false} fontSize={12} minTickGap={12} />
              <YAxis allowDecimals={false} tickLine={false} fontSize={12} />
              <Tooltip />
              <Legend />
              <Bar dataKey="dialogs" name={t('figures.dialogs')} fill="var(--accent)" radius={[3, 3, 0, 0]} />
              <Bar dataKey="missed" name={t('figures.missed')} fill="#e5484d" radius={[3, 3, 0, 0]} />
              <Bar dataKey="leads" name={t('figures.leads')} fill="var(--green-600)" radius={[3, 3, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        }
        table={<FiguresTable caption={t('days.title')} rowHeader={t('figures.day')} rows={data.days.map((d) => ({ key: d.day, label: f.day(d.day), figures: d }))} />}
      />
      <GroupSection id="stats-lines" view="lines" title={t('lines.title')} rowHeader={t('figures.line')} csv={csv('lines')} rows={data.lines.map((l) => ({ key: String(l.id), label: l.name, figures: l }))} />
      <GroupSection id="stats-channels" view="channels" title={t('channels.title')} rowHeader={t('figures.channel')} csv={csv('channels')} rows={data.channels.map((c) => ({ key: String(c.id), label: c.name, figures: c }))} />
      {scope === 'all' && (
        <GroupSection
          id="stats-operators"
          view="operators"
          title={t('operators.title')}
          rowHeader={t('figures.operator')}
          csv={csv('operators')}
          rows={data.operators.map((o) => ({ key: o.id ?? 'none', label: o.name ?? t('operators.nobody'), figures: o }))}
        />
      )}
      <ChartSection id="stats-load" wide title={t('load.title')} description={t('load.description')} csvHref={csv('load')} table={<HeatMap grid={data.load} labelledBy="stats-load-title" />} />
    </>
  );
}

interface FigureRow {
  key: string;
  label: string;
  figures: DialogFigures;
}

function GroupSection({ id, title, rowHeader, csv, rows }: { id: string; view: StatisticsView; title: string; rowHeader: string; csv: string; rows: FigureRow[] }) {
  const t = useTranslations('statistics.figures');
  const chartRows = rows.map((row) => ({ label: row.label, dialogs: row.figures.dialogs, missed: row.figures.missed }));
  return (
    <ChartSection
      id={id}
      wide
      title={title}
      csvHref={csv}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 40)}>
          <BarChart data={chartRows} layout="vertical" margin={{ top: 4, right: 16, left: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--border)" />
            <XAxis type="number" allowDecimals={false} tickLine={false} fontSize={12} />
            <YAxis type="category" dataKey="label" width={140} tickLine={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="dialogs" name={t('dialogs')} fill="var(--accent)" radius={[0, 3, 3, 0]} />
            <Bar dataKey="missed" name={t('missed')} fill="#e5484d" radius={[0, 3, 3, 0]} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={<FiguresTable caption={title} rowHeader={rowHeader} rows={rows} />}
    />
  );
}

function FiguresTable({ caption, rowHeader, rows }: { caption: string; rowHeader: string; rows: FigureRow[] }) {
  const t = useTranslations('statistics.figures');
  const f = useStatsFormat();
  const columns: [string, (x: DialogFigures) => ReactNode][] = [
    [t('dialogs'), (x) => f.count(x.dialogs)],
    [t('missed'), (x) => f.count(x.missed)],
    [t('firstAnswerMedian'), (x) => f.duration(x.firstAnswerMedian)],
    [t('firstAnswerP90'), (x) => f.duration(x.firstAnswerP90)],
    [t('furtherAnswerMedian'), (x) => f.duration(x.furtherAnswerMedian)],
    [t('resolutionMedian'), (x) => f.duration(x.resolutionMedian)],
    [t('resolutionP90'), (x) => f.duration(x.resolutionP90)],
    [t('good'), (x) => f.share(x.good, x.rated)],
    [t('averageRating'), (x) => f.average(x.averageRating)],
    [t('supervisorAverage'), (x) => f.average(x.supervisorAverage)],
    [t('leads'), (x) => f.count(x.leads)],
    [t('kpiViolations'), (x) => f.count(x.kpiViolations)],
  ];
  return (
    <table className={cx(adminStyles.table, styles.figures)}>
      <caption className={styles.visuallyHidden}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map(([label]) => (
            <th key={label} scope="col" className={styles.number}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className={styles.rowHeader}>
              {row.label}
            </th>
            {columns.map(([label, value]) => (
              <td key={label} className={styles.number}>
                {value(row.figures)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const hours = (seconds: number) => Math.round(seconds / 360) / 10;

function PresenceView({ presence, csv }: { presence: Dashboard['presence']; csv: string }) {
  const t = useTranslations('statistics.presence');
  const f = useStatsFormat();
  const rows = presence.operators.map((o) => ({ label: o.name, online: hours(o.onlineSeconds), working: hours(o.workingSeconds) }));
  const table = (
    <table className={cx(adminStyles.table, styles.figures)}>
      <caption className={styles.visuallyHidden}>{t('title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('operator')}</th>
          <th scope="col" className={styles.number}>
            {t('online')}
          </th>
          <th scope="col" className={styles.number}>
            {t('working')}
          </th>
        </tr>
      </thead>
      <tbody>
        {presence.operators.map((o) => (
          <tr key={o.id}>
            <th scope="row" className={styles.rowHeader}>
              {o.name}
            </th>
            <td className={styles.number}>{f.duration(o.onlineSeconds)}</td>
            <td className={styles.number}>{f.duration(o.workingSeconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartSection
      id="stats-presence"
      wide
      title={t('title')}
      description={t('description', { timeZone: presence.timeZone })}
      csvHref={csv}
      chart={
        rows.length > 0 ? (
          <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 40)}>
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, left: 8, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--border)" />
              <XAxis type="number" tickLine={false} fontSize={12} unit={t('hoursUnit')} />
              <YAxis type="category" dataKey="label" width={140} tickLine={false} fontSize={12} />
              <Tooltip />
              <Legend />
              <Bar dataKey="online" name={t('online')} fill="var(--green-600)" radius={[0, 3, 3, 0]} />
              <Bar dataKey="working" name={t('working')} fill="var(--accent)" radius={[0, 3, 3, 0]} />
            </BarChart>
          </ResponsiveContainer>
        ) : undefined
      }
      table={presence.operators.length > 0 ? table : <p className={styles.cardDescription}>{t('none')}</p>}
    />
  );
}
