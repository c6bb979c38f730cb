import type { ReactNode } from 'react';
import styles from './ui.module.css';

/** An on/off setting: a real checkbox (keyboard and screen readers work) styled as a switch. */
export function Switch({ checked, onChange, label, describedBy }: { checked: boolean; onChange: (checked: boolean) => void; label: ReactNode; describedBy?: string }) {
  return (
    <label className={styles.switch}>
      <input type="checkbox" role="switch" checked={checked} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
