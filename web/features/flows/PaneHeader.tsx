import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '../ui';
import styles from './editor.module.css';

/** The title row of a side panel (problems, versions, test), with its actions and a close button. */
export function PaneHeader({ id, title, closeLabel, onClose, children }: { id: string; title: string; closeLabel: string; onClose: () => void; children?: ReactNode }) {
  return (
    <header className={styles.paneHeader}>
      <h2 id={id}>{title}</h2>
      <span className={styles.spacer} />
      {children}
      <Button variant="ghost" size="sm" iconOnly icon={<X size={15} />} aria-label={closeLabel} onClick={onClose} />
    </header>
  );
}
