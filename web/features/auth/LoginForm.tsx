'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '../ui';
import { Logo } from '../shell/Logo';
import styles from './login.module.css';

function messageFor(status: number, serverMessage: string | undefined): string {
  if (status === 401) return 'Wrong e-mail or password. Check both and try again.';
  if (status === 429) return serverMessage ?? 'Too many attempts. Wait a minute, then try again.';
  if (status === 403) return serverMessage ?? 'This account cannot sign in. Ask an admin.';
  if (status === 400) return serverMessage ?? 'Enter a valid e-mail address and your password.';
  return 'The server could not sign you in right now. Try again in a moment.';
}

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.trim(), password, rememberMe: true }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        setError(messageFor(response.status, body?.message));
        setPending(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError('The server could not be reached. Check your connection and try again.');
      setPending(false);
    }
  }

  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <Logo size={28} />
          <span>Openlines</span>
        </div>
        <div className={styles.card}>
          <h1 className={styles.title}>Sign in</h1>
          <p className={styles.subtitle}>to answer your clients in every channel.</p>
          <form className={styles.form} onSubmit={signIn} noValidate={false}>
            {error && (
              <Alert tone="error" role="alert">
                {error}
              </Alert>
            )}
            <Field label="E-mail">
              {(control) => (
                <Input
                  {...control}
                  type="email"
                  name="email"
                  autoComplete="username"
                  required
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  aria-invalid={error ? true : undefined}
                />
              )}
            </Field>
            <Field label="Password">
              {(control) => (
                <Input
                  {...control}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-invalid={error ? true : undefined}
                />
              )}
            </Field>
            <Button type="submit" variant="primary" className={styles.submit} loading={pending}>
              {pending ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </div>
        <p className={styles.footnote}>Accounts are created by your admin. Forgot your password? Ask them to reset it.</p>
      </div>
    </main>
  );
}
