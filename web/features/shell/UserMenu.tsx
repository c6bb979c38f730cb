'use client';

import { ChevronDown, LogOut, UserRound } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Role } from '../../../domain/roles';
import { Avatar, Badge, Spinner, useDismissable, useToast } from '../ui';
import styles from './shell.module.css';

export function UserMenu({ user }: { user: { name: string; email: string; role: Role; image?: string | null } }) {
  const { open, popupId: menuId, rootRef, buttonProps } = useDismissable();
  const [signingOut, setSigningOut] = useState(false);
  const router = useRouter();
  const toast = useToast();
  const t = useTranslations('shell.userMenu');
  const roles = useTranslations('common.roles');

  async function signOut() {
    setSigningOut(true);
    const response = await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => null);
    if (!response?.ok) {
      setSigningOut(false);
      toast({ tone: 'error', title: t('signOutFailed'), description: t('signOutFailedHint') });
      return;
    }
    router.replace('/login');
    router.refresh();
  }

  return (
    <div className={styles.userMenu} ref={rootRef}>
      <button {...buttonProps} type="button" className={styles.userButton} aria-haspopup="menu">
        <Avatar name={user.name} colorKey={user.email} imageUrl={user.image} size={28} />
        <span className={styles.userName}>{user.name}</span>
        <span className={styles.roleBadge}>
          <Badge tone={user.role === 'manager' ? 'neutral' : 'accent'}>{roles(user.role)}</Badge>
        </span>
        <ChevronDown size={14} aria-hidden />
        <span className="visually-hidden">{t('open')}</span>
      </button>
      {open && (
        <div className={styles.menu} id={menuId} role="menu" aria-label={t('label')}>
          <div className={styles.menuHeader}>
            <p className={styles.userName}>{user.name}</p>
            <p className={styles.menuEmail}>{user.email}</p>
            <p className={styles.menuEmail}>{t('role', { role: roles(user.role) })}</p>
          </div>
          <Link href="/profile" role="menuitem" className={styles.menuItem} autoFocus>
            <UserRound size={15} aria-hidden />
            {t('profile')}
          </Link>
          <button type="button" role="menuitem" className={styles.menuItem} onClick={() => void signOut()} disabled={signingOut}>
            {signingOut ? <Spinner size={14} /> : <LogOut size={15} aria-hidden />}
            {t('signOut')}
          </button>
        </div>
      )}
    </div>
  );
}
