import { CircleAlert, Info, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { cx } from './cx';
import styles from './ui.module.css';

const icons = { info: Info, warning: TriangleAlert, error: CircleAlert };

export function Alert({ tone = 'info', children, role }: { tone?: 'info' | 'warning' | 'error'; children: ReactNode; role?: 'alert' | 'status' }) {
  const Icon = icons[tone];
  return (
    <div className={cx(styles.alert, styles[`alert-${tone}`])} role={role}>
      <Icon size={16} aria-hidden />
      <div>{children}</div>
    </div>
  );
}
