'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { NodeAnalytics } from '../../../../domain/flows/analytics';
import type { FlowDocument } from '../../../../domain/flows/document';
import { handleTitle, nodeTitle } from '../node-kinds';
import styles from './analytics.module.css';

/** The canvas's numbers as a table: for screen readers and keyboard users, and for reading exact figures. */
export function AnalyticsTable({ document, nodes, biggestDropOff, caption }: { document: FlowDocument; nodes: readonly NodeAnalytics[]; biggestDropOff: string | null; caption: string }) {
  const t = useTranslations('flows');
  const format = useFormatter();
  const byId = new Map(document.nodes.map((node) => [node.id, node]));
  const share = (value: number) => format.number(value, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <table className={styles.table}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('analytics.table.node')}</th>
          <th scope="col">{t('analytics.table.reached')}</th>
          <th scope="col">{t('analytics.table.left')}</th>
          <th scope="col">{t('analytics.table.droppedOff')}</th>
          <th scope="col">{t('analytics.table.finished')}</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((row) => {
          const node = byId.get(row.nodeId);
          const outputs = Object.entries(row.left);
          return (
            <tr key={row.nodeId} data-biggest={row.nodeId === biggestDropOff || undefined}>
              <th scope="row">
                {node ? nodeTitle(node, t) : row.nodeId}
                {row.nodeId === biggestDropOff && <span className={styles.biggestMark}>{t('analytics.node.biggest')}</span>}
              </th>
              <td>{format.number(row.reached)}</td>
              <td>
                {outputs.length === 0 ? (
                  '—'
                ) : (
                  <ul className={styles.outputs}>
                    {outputs.map(([handle, dialogs]) => (
                      <li key={handle}>{t('analytics.table.output', { output: handleTitle(handle, t), dialogs: format.number(dialogs) })}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{row.dropOff === null ? '—' : t('analytics.table.dropOffValue', { stopped: format.number(row.stopped), share: share(row.dropOff) })}</td>
              <td>{row.dropOff === null ? format.number(row.stopped) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
