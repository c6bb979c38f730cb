import type { ReactNode } from 'react';
import { cx } from './cx';
import styles from './ui.module.css';

export type BadgeTone = 'neutral' | 'accent' | 'green' | 'amber' | 'red';

export function Badge({ tone = 'neutral', dot = false, children, title }: { tone?: BadgeTone; dot?: boolean; children: ReactNode; title?: string }) {
  return (
    <span className={cx(styles.badge, styles[`badge-${tone}`])} title={title}>
      {dot && <span className={styles.dot} aria-hidden />}
      {children}
    </span>
  );
}
