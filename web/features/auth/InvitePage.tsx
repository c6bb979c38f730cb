'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../domain/staff';
import type { InvitationView } from '../../server/services/staff';
import { Logo } from '../shell/Logo';
import { Alert, Button, Field, Input } from '../ui';
import styles from './login.module.css';

/** `/invite/<token>`: the invitee (or a user whose password was reset) chooses a password and is signed in. */
export function InvitePage({ token, invitation }: { token: string; invitation: InvitationView }) {
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <Logo size={28} />
          <span>Openlines</span>
        </div>
        <div className={styles.card}>
          {invitation.state === 'valid' ? (
            <SetPasswordForm token={token} name={invitation.name} email={invitation.email} />
          ) : (
            <>
              <h1 className={styles.title}>{invitation.title}</h1>
              <p className={styles.subtitle}>{invitation.text}</p>
              <a href="/login">Go to sign-in</a>
            </>
          )}
        </div>
      </div>
    </main>
  );
}

function SetPasswordForm({ token, name, email }: { token: string; name: string; email: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<{ field: 'password' | 'repeat' | null; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) return setError({ field: 'password', message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` });
    if (password !== repeat) return setError({ field: 'repeat', message: 'The two passwords differ. Type the same password twice.' });
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
        setError({ field: body?.field === 'password' ? 'password' : null, message: body?.message ?? 'The password could not be set. Try again.' });
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
      setError({ field: null, message: 'The server could not be reached. Check your connection and try again.' });
      setPending(false);
    }
  }

  return (
    <>
      <h1 className={styles.title}>Welcome, {name}</h1>
      <p className={styles.subtitle}>Choose a password for {email}.</p>
      <form className={styles.form} onSubmit={submit} noValidate>
        {error && !error.field && (
          <Alert tone="error" role="alert">
            {error.message}
          </Alert>
        )}
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <Field label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} error={error?.field === 'password' ? error.message : null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Repeat the password" error={error?.field === 'repeat' ? error.message : null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
        <Button type="submit" variant="primary" className={styles.submit} loading={pending}>
          {pending ? 'Setting password…' : 'Set password and sign in'}
        </Button>
      </form>
    </>
  );
}
