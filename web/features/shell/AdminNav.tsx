'use client';

import { KeyRound, ScrollText, Users, Waypoints, Webhook, Workflow } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import styles from './admin-nav.module.css';

const sections = [
  { href: '/admin', label: 'lines', icon: Waypoints, current: (path: string) => path === '/admin' || path.startsWith('/admin/lines') },
  { href: '/admin/users', label: 'users', icon: Users, current: (path: string) => path.startsWith('/admin/users') },
  { href: '/admin/flows', label: 'flows', icon: Workflow, current: (path: string) => path.startsWith('/admin/flows') },
  { href: '/admin/webhooks', label: 'webhooks', icon: Webhook, current: (path: string) => path.startsWith('/admin/webhooks') },
  { href: '/admin/api-keys', label: 'apiKeys', icon: KeyRound, current: (path: string) => path.startsWith('/admin/api-keys') },
  { href: '/admin/audit', label: 'audit', icon: ScrollText, current: (path: string) => path.startsWith('/admin/audit') },
] as const;

/** The admin area's sections, above each admin page. */
export function AdminNav() {
  const pathname = usePathname();
  const t = useTranslations('shell.adminNav');
  return (
    <nav className={styles.adminNav} aria-label={t('label')}>
      <div className={styles.inner}>
        {sections.map(({ href, label, icon: Icon, current }) => (
          <Link key={href} href={href} className={styles.link} aria-current={current(pathname) ? 'page' : undefined}>
            <Icon size={15} aria-hidden />
            {t(label)}
          </Link>
        ))}
      </div>
    </nav>
  );
}
