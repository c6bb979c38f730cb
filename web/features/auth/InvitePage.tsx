'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { INVITATION_TTL_DAYS, PASSWORD_MIN_LENGTH } from '../../../domain/staff';
import type { InvitationView } from '../../server/services/staff';
import { Logo, PRODUCT_NAME } from '../shell/Logo';
import { Alert, Button, Field, Input } from '../ui';
import { LanguageSwitch } from './LanguageSwitch';
import styles from './login.module.css';

/** `/invite/<token>`: the invitee (or a user whose password was reset) chooses a password and is signed in. */
export function InvitePage({ token, invitation }: { token: string; invitation: InvitationView }) {
  const t = useTranslations('auth.invite');
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <Logo size={28} />
          <span>{PRODUCT_NAME}</span>
        </div>
        <div className={styles.card}>
          {invitation.state === 'valid' ? (
            <SetPasswordForm token={token} name={invitation.name} email={invitation.email} />
          ) : (
            <>
              <h1 className={styles.title}>{t(`problems.${invitation.state}.title`)}</h1>
              <p className={styles.subtitle}>{t(`problems.${invitation.state}.text`, { days: INVITATION_TTL_DAYS })}</p>
              <a href="/login">{t('toSignIn')}</a>
            </>
          )}
        </div>
        <LanguageSwitch />
      </div>
    </main>
  );
}

function SetPasswordForm({ token, name, email }: { token: string; name: string; email: string }) {
  const router = useRouter();
  const t = useTranslations('auth.invite');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<{ field: 'password' | 'repeat' | null; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) return setError({ field: 'password', message: t('tooShort', { min: PASSWORD_MIN_LENGTH }) });
    if (password !== repeat) return setError({ field: 'repeat', message: t('differ') });
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/invitations/${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
      const body = (await response.json().catch(() => null)) as { message?: string; field?: string; email?: string } | null;
      if (!response.ok || !body?.email) {
        setError({ field: body?.field === 'password' ? 'password' : null, message: body?.message ?? t('failed') });
        setPending(false);
        return;
      }
      const signIn = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: body.email, password, rememberMe: true }),
      });
      router.replace(signIn.ok ? '/inbox' : '/login');
      router.refresh();
    } catch {
      setError({ field: null, message: t('unreachable') });
      setPending(false);
    }
  }

  return (
    <>
      <h1 className={styles.title}>{t('welcome', { name })}</h1>
      <p className={styles.subtitle}>{t('choose', { email })}</p>
      <form className={styles.form} onSubmit={submit} noValidate>
        {error && !error.field && (
          <Alert tone="error" role="alert">
            {error.message}
          </Alert>
        )}
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <Field label={t('newPassword')} hint={t('hint', { min: PASSWORD_MIN_LENGTH })} error={error?.field === 'password' ? error.message : null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label={t('repeat')} error={error?.field === 'repeat' ? error.message : null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
        <Button type="submit" variant="primary" className={styles.submit} loading={pending}>
          {pending ? t('submitting') : t('submit')}
        </Button>
      </form>
    </>
  );
}
