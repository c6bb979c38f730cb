import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Role } from '../../../domain/roles';
import { TRPCReactProvider } from '../trpc/client';
import { ToastProvider } from '../ui';
import styles from './shell.module.css';
import { TopNav } from './TopNav';

/** The signed-in frame: top navigation, data providers, toasts. */
export function AppShell({ user, children }: { user: { name: string; email: string; role: Role; image?: string | null }; children: ReactNode }) {
  const t = useTranslations('shell');
  return (
    <TRPCReactProvider>
      <ToastProvider>
        <a href="#main" className="skip-link">
          {t('skipToContent')}
        </a>
        <div className={styles.shell}>
          <TopNav user={user} />
          <main id="main" className={styles.main}>
            {children}
          </main>
        </div>
      </ToastProvider>
    </TRPCReactProvider>
  );
}
