'use client';

import { useTranslations } from 'next-intl';
import type { CSSProperties } from 'react';
import { hoursOfDay } from '../../../../domain/statistics';
import styles from './statistics.module.css';
import { useStatsFormat } from './useStatsFormat';

/** Dialogs by weekday (rows, Monday first) and hour of day (columns): a table whose cells shade with load. */
export function HeatMap({ grid, labelledBy }: { grid: { weekday: number; hour: number; dialogs: number }[][]; labelledBy: string }) {
  const t = useTranslations('statistics.load');
  const format = useStatsFormat();
  const max = Math.max(1, ...grid.flat().map((cell) => cell.dialogs));
  return (
    <div className={styles.heatScroll}>
      <table className={styles.heatMap} aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">
              <span className={styles.visuallyHidden}>{t('weekday')}</span>
            </th>
            {hoursOfDay.map((hour) => (
              <th key={hour} scope="col" className={styles.heatHour}>
                {hour}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((row) => (
            <tr key={row[0]!.weekday}>
              <th scope="row" className={styles.heatDay}>
                <abbr title={t('weekdayName', { weekday: format.weekday(row[0]!.weekday, 'long') })}>{format.weekday(row[0]!.weekday)}</abbr>
              </th>
              {row.map((cell) => (
                <td
                  key={cell.hour}
                  className={styles.heatCell}
                  style={{ '--load': cell.dialogs / max } as CSSProperties}
                  title={t('cell', { weekday: format.weekday(cell.weekday, 'long'), hour: cell.hour, count: cell.dialogs })}
                >
                  {cell.dialogs > 0 ? format.count(cell.dialogs) : <span className={styles.visuallyHidden}>0</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
