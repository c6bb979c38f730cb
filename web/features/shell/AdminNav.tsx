'use client';

import { KeyRound, Users, Waypoints, Workflow } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import styles from './admin-nav.module.css';

const sections = [
  { href: '/admin', label: 'Lines', icon: Waypoints, current: (path: string) => path === '/admin' || path.startsWith('/admin/lines') },
  { href: '/admin/users', label: 'Users', icon: Users, current: (path: string) => path.startsWith('/admin/users') },
  { href: '/admin/flows', label: 'Flows', icon: Workflow, current: (path: string) => path.startsWith('/admin/flows') },
  { href: '/admin/api-keys', label: 'API keys', icon: KeyRound, current: (path: string) => path.startsWith('/admin/api-keys') },
];

/** The admin area's sections, above each admin page. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav className={styles.adminNav} aria-label="Admin">
      <div className={styles.inner}>
        {sections.map(({ href, label, icon: Icon, current }) => (
          <Link key={href} href={href} className={styles.link} aria-current={current(pathname) ? 'page' : undefined}>
            <Icon size={15} aria-hidden />
            {label}
          </Link>
        ))}
      </div>
    </nav>
  );
}
