'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { BarChart3, Table2, Workflow } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { summarizeFlowAnalytics } from '../../../../domain/flows/analytics';
import type { FlowDocument } from '../../../../domain/flows/document';
import { recentPeriod } from '../../../../domain/statistics';
import { useTRPC } from '../../trpc/client';
import { errorMessage, fieldErrorsOf } from '../../trpc/errors';
import { Alert, Button, EmptyState, Spinner } from '../../ui';
import { noDecorations, type CanvasDecorations } from '../document-mapping';
import { FlowCanvas } from '../FlowCanvas';
import { nodeTitle } from '../node-kinds';
import styles from './analytics.module.css';
import { AnalyticsTable } from './AnalyticsTable';
import { canvasOverlay } from './overlay';
import { PeriodPicker, type PeriodPreset } from './PeriodPicker';

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Flow analytics on the canvas (issue 12): a published version, read only, with the dialogs that
 * reached each node, left by each edge and dropped off in a period, a summary above it and the
 * same figures as a table. Days are counted in the lines' time zone, which the first answer tells.
 */
export function FlowAnalyticsView({ flowId, version, document }: { flowId: number; version: number; document: FlowDocument }) {
  const trpc = useTRPC();
  const t = useTranslations('flows');
  const format = useFormatter();
  const [now] = useState(() => new Date());
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [preset, setPreset] = useState<PeriodPreset>('30');
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [showTable, setShowTable] = useState(false);
  const period = preset === 'custom' && custom ? custom : recentPeriod(now, timeZone, preset === 'custom' ? 30 : Number(preset));
  const analytics = useQuery({ ...trpc.flowAnalytics.version.queryOptions({ flowId, version, ...period }), placeholderData: keepPreviousData });
  const fieldErrors = fieldErrorsOf(analytics.error);

  // Presets are "the last N days" in the lines' time zone, known from the first answer.
  const answeredZone = analytics.data?.timeZone;
  useEffect(() => {
    if (answeredZone && answeredZone !== timeZone) setTimeZone(answeredZone);
  }, [answeredZone, timeZone]);

  const data = analytics.data;
  const summary = useMemo(() => (data ? summarizeFlowAnalytics(document, data.nodes) : null), [data, document]);
  const decorations = useMemo<CanvasDecorations>(
    () => (data && summary && summary.entered + summary.finished + summary.droppedOff > 0 ? { ...noDecorations, analytics: canvasOverlay(data, summary.biggestDropOff) } : noDecorations),
    [data, summary],
  );
  const empty = summary !== null && decorations === noDecorations;
  const biggest = summary?.biggestDropOff ? document.nodes.find((node) => node.id === summary.biggestDropOff) : undefined;
  const biggestRow = data?.nodes.find((node) => node.nodeId === summary?.biggestDropOff);
  const share = (part: number, whole: number) => (whole > 0 ? format.number(part / whole, { style: 'percent', maximumFractionDigits: 1 }) : '—');
  const periodText = t('analytics.periodText', {
    from: format.dateTime(new Date(`${period.from}T12:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }),
    to: format.dateTime(new Date(`${period.to}T12:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }),
  });

  return (
    <div className={styles.view}>
      <div className={styles.bar}>
        <PeriodPicker
          preset={preset}
          period={period}
          errors={fieldErrors}
          onPreset={(next) => {
            if (next === 'custom') setCustom(period);
            setPreset(next);
          }}
          onCustom={setCustom}
        />
        {summary && (
          <dl className={styles.summary} aria-label={t('analytics.summary.label')} aria-busy={analytics.isFetching || undefined}>
            <div>
              <dt>{t('analytics.summary.entered')}</dt>
              <dd data-testid="analytics-entered">{format.number(summary.entered)}</dd>
            </div>
            <div>
              <dt>{t('analytics.summary.finished')}</dt>
              <dd data-testid="analytics-finished">
                {format.number(summary.finished)} <span className={styles.note}>{share(summary.finished, summary.entered)}</span>
              </dd>
            </div>
            <div>
              <dt>{t('analytics.summary.droppedOff')}</dt>
              <dd data-testid="analytics-dropped-off">
                {format.number(summary.droppedOff)} <span className={styles.note}>{share(summary.droppedOff, summary.entered)}</span>
              </dd>
            </div>
            <div>
              <dt>{t('analytics.summary.biggest')}</dt>
              <dd data-testid="analytics-biggest">
                {biggest && biggestRow ? t('analytics.summary.biggestValue', { node: nodeTitle(biggest, t), stopped: format.number(biggestRow.stopped) }) : t('analytics.summary.none')}
              </dd>
            </div>
          </dl>
        )}
        <span className={styles.spacer} />
        {analytics.isFetching && <Spinner label={t('analytics.loading')} />}
        {data && !empty && (
          <Button size="sm" variant="ghost" aria-pressed={showTable} icon={showTable ? <Workflow size={14} aria-hidden /> : <Table2 size={14} aria-hidden />} onClick={() => setShowTable((shown) => !shown)}>
            {showTable ? t('analytics.showCanvas') : t('analytics.showTable')}
          </Button>
        )}
      </div>
      <p className={styles.zoneNote}>{data ? t('analytics.zoneNote', { period: periodText, timeZone: data.timeZone }) : periodText}</p>
      {analytics.status === 'error' && Object.keys(fieldErrors).length === 0 && (
        <Alert tone="error" role="alert">
          {t('analytics.loadFailed', { reason: errorMessage(analytics.error) })}
        </Alert>
      )}
      <div className={styles.stage}>
        {empty && (
          <div className={styles.empty} role="status">
            <EmptyState icon={<BarChart3 size={20} />} title={t('analytics.empty.title')} description={t('analytics.empty.description', { version: String(version) })} />
          </div>
        )}
        {analytics.status === 'pending' && (
          <div className={styles.empty}>
            <Spinner label={t('analytics.loading')} />
          </div>
        )}
        <div className={styles.canvas} hidden={showTable && !empty}>
          <ReactFlowProvider>
            <FlowCanvas document={document} decorations={decorations} readOnly />
          </ReactFlowProvider>
        </div>
        {data && !empty && (
          <div className={showTable ? styles.tableWrap : 'visually-hidden'}>
            <AnalyticsTable document={document} nodes={data.nodes} biggestDropOff={summary?.biggestDropOff ?? null} caption={t('analytics.table.caption', { version: String(version), period: periodText })} />
          </div>
        )}
      </div>
    </div>
  );
}
