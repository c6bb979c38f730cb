import type { ReactNode } from 'react';
import { cx } from './cx';
import styles from './ui.module.css';

export function Card({ title, description, actions, children, className, id }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={cx(styles.card, className)} aria-labelledby={headingId} id={id}>
      {(title || actions) && (
        <header className={styles.cardHeader}>
          <div>
            {title && (
              <h2 id={headingId} className={styles.cardTitle}>
                {title}
              </h2>
            )}
            {description && <p className={styles.cardDescription}>{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className={styles.cardBody}>{children}</div>
    </section>
  );
}
