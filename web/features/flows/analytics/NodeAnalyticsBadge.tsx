'use client';

import { TrendingDown } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import type { NodeOverlay } from './overlay';
import styles from './analytics.module.css';

/** The foot of a node card in the analytics mode: dialogs that reached it and, where it has outputs, those it lost. */
export function NodeAnalyticsBadge({ overlay }: { overlay: NodeOverlay }) {
  const t = useTranslations('flows.analytics.node');
  const format = useFormatter();
  const reached = format.number(overlay.reached);
  return (
    <div className={styles.nodeStats} data-biggest={overlay.biggest || undefined} data-testid="node-analytics">
      <span>{t('reached', { count: overlay.reached, reached })}</span>
      {overlay.dropOff !== null && overlay.stopped > 0 && (
        <span className={styles.nodeDropOff}>
          <TrendingDown size={12} aria-hidden />
          {t('droppedOff', { stopped: format.number(overlay.stopped), share: format.number(overlay.dropOff, { style: 'percent', maximumFractionDigits: 1 }) })}
        </span>
      )}
      {overlay.biggest && <span className={styles.biggestMark}>{t('biggest')}</span>}
    </div>
  );
}
