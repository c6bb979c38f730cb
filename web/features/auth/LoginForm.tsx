'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '../ui';
import { Logo, PRODUCT_NAME } from '../shell/Logo';
import { LanguageSwitch } from './LanguageSwitch';
import styles from './login.module.css';

type LoginError = 'wrong' | 'tooMany' | 'tooManyWait' | 'deactivated' | 'invalid' | 'server' | 'unreachable';

/** Why signing in failed, from the answer's status (the server's English message is for the API). */
function errorFor(response: Response): { key: LoginError; minutes?: number } {
  if (response.status === 401) return { key: 'wrong' };
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    return Number.isFinite(seconds) && seconds > 0 ? { key: 'tooManyWait', minutes: Math.ceil(seconds / 60) } : { key: 'tooMany' };
  }
  // The only refusal of a right password: the account is deactivated.
  if (response.status === 403) return { key: 'deactivated' };
  if (response.status === 400) return { key: 'invalid' };
  return { key: 'server' };
}

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const t = useTranslations('auth.login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ key: LoginError; minutes?: number } | null>(null);
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
        setError(errorFor(response));
        setPending(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError({ key: 'unreachable' });
      setPending(false);
    }
  }

  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <Logo size={28} />
          <span>{PRODUCT_NAME}</span>
        </div>
        <div className={styles.card}>
          <h1 className={styles.title}>{t('title')}</h1>
          <p className={styles.subtitle}>{t('subtitle')}</p>
          <form className={styles.form} onSubmit={signIn} noValidate={false}>
            {error && (
              <Alert tone="error" role="alert">
                {error.key === 'tooManyWait' ? t('errors.tooManyWait', { minutes: error.minutes ?? 1 }) : t(`errors.${error.key}`)}
              </Alert>
            )}
            <Field label={t('email')}>
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
            <Field label={t('password')}>
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
              {pending ? t('submitting') : t('submit')}
            </Button>
          </form>
        </div>
        <p className={styles.footnote}>{t('footnote')}</p>
        <LanguageSwitch />
      </div>
    </main>
  );
}
