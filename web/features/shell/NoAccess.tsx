import { Lock } from 'lucide-react';
import Link from 'next/link';
import { EmptyState } from '../ui';
import styles from './shell.module.css';

export function NoAccess({ what, who }: { what: string; who: string }) {
  return (
    <div className={styles.noAccess}>
      <EmptyState
        icon={<Lock size={20} />}
        title="No access"
        description={`${what} is for ${who}. If you need something changed here, ask an admin.`}
        action={<Link href="/inbox">Back to the inbox</Link>}
      />
    </div>
  );
}
