import { Lock } from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { EmptyState } from '../ui';
import styles from './shell.module.css';

/** A page the signed-in user's role may not see: which area, and who to ask. */
export async function NoAccess({ area }: { area: 'admin' | 'kpi' | 'quickAnswers' }) {
  const t = await getTranslations('shell.noAccess');
  return (
    <div className={styles.noAccess}>
      <EmptyState
        icon={<Lock size={20} />}
        title={t('title')}
        description={`${t(area)} ${t('askAdmin')}`}
        action={<Link href="/inbox">{t('back')}</Link>}
      />
    </div>
  );
}
