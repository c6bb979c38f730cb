'use client';

import { BarChart3, Download, Table2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Button, cx } from '../../ui';
import styles from './statistics.module.css';

/**
 * One dashboard view: a chart with its figures in a table behind it (the table is always there for
 * screen readers, shown instead of the chart with the toggle), and the view's CSV export.
 */
export function ChartSection({ id, title, description, csvHref, chart, table, wide }: { id: string; title: string; description?: string; csvHref: string; chart?: ReactNode; table: ReactNode; wide?: boolean }) {
  const t = useTranslations('statistics.section');
  const [showTable, setShowTable] = useState(!chart);
  return (
    <section className={cx(styles.card, wide && styles.wide)} aria-labelledby={`${id}-title`}>
      <header className={styles.cardHeader}>
        <div>
          <h2 id={`${id}-title`} className={styles.cardTitle}>
            {title}
          </h2>
          {description && <p className={styles.cardDescription}>{description}</p>}
        </div>
        <div className={styles.cardActions}>
          {chart && (
            <Button size="sm" variant="ghost" aria-pressed={showTable} icon={showTable ? <BarChart3 size={14} aria-hidden /> : <Table2 size={14} aria-hidden />} onClick={() => setShowTable((shown) => !shown)}>
              {showTable ? t('showChart') : t('showTable')}
            </Button>
          )}
          <a className={styles.csvLink} href={csvHref} download aria-label={t('csvFor', { title })}>
            <Download size={14} aria-hidden />
            {t('csv')}
          </a>
        </div>
      </header>
      {chart && !showTable && (
        <div className={styles.chart} aria-hidden="true">
          {chart}
        </div>
      )}
      <div className={cx(styles.tableWrap, !showTable && styles.visuallyHidden)}>{table}</div>
    </section>
  );
}
