'use client';

import { BarChart3, Gauge, History, Inbox, MessageSquareText, Settings2 } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { seesAllDialogs, type Role } from '../../../domain/roles';
import { Notifications } from '../inbox/Notifications';
import { Logo, PRODUCT_NAME } from './Logo';
import { PresenceMenu } from './PresenceMenu';
import styles from './shell.module.css';
import { UserMenu } from './UserMenu';

export function TopNav({ user }: { user: { name: string; email: string; role: Role; image?: string | null } }) {
  const pathname = usePathname();
  const t = useTranslations('shell.nav');
  const links = [
    { href: '/inbox', label: t('inbox'), icon: Inbox, show: true },
    { href: '/inbox/history', label: t('history'), icon: History, show: true },
    { href: '/stats', label: t('statistics'), icon: BarChart3, show: seesAllDialogs(user.role) },
    { href: '/stats/me', label: t('myStatistics'), icon: BarChart3, show: !seesAllDialogs(user.role) },
    { href: '/stats/kpi', label: t('kpi'), icon: Gauge, show: seesAllDialogs(user.role) },
    { href: '/quick-answers', label: t('quickAnswers'), icon: MessageSquareText, show: seesAllDialogs(user.role) },
    { href: '/admin', label: t('admin'), icon: Settings2, show: user.role === 'admin' },
  ];
  // The longest matching link is the current page (/inbox/history is not the inbox).
  const current = links.filter((link) => pathname.startsWith(link.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <header className={styles.topbar}>
      <Link href="/inbox" className={styles.brand} aria-label={t('home')}>
        <Logo size={26} />
        <span className={styles.brandName}>{PRODUCT_NAME}</span>
      </Link>
      <nav className={styles.nav} aria-label={t('label')}>
        {links
          .filter((link) => link.show)
          .map(({ href, label, icon: Icon }) => (
            <Link key={href} href={href} className={styles.navLink} aria-current={href === current ? 'page' : undefined}>
              <Icon size={16} aria-hidden />
              <span className={styles.navLabel}>{label}</span>
            </Link>
          ))}
      </nav>
      <div className={styles.spacer} />
      <Notifications />
      <PresenceMenu />
      <UserMenu user={user} />
    </header>
  );
}
