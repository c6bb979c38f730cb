import { useId, type ReactNode } from 'react';
import { Switch } from '../ui';
import styles from './admin.module.css';

/** An on/off setting with a one-line description under its label, read as the switch's description. */
export function DescribedSwitch({ checked, onChange, label, description }: { checked: boolean; onChange: (checked: boolean) => void; label: ReactNode; description: ReactNode }) {
  const id = useId();
  return (
    <div className={styles.switchWithHint}>
      <Switch checked={checked} onChange={onChange} label={label} describedBy={id} />
      <p id={id} className={styles.hintText}>
        {description}
      </p>
    </div>
  );
}
