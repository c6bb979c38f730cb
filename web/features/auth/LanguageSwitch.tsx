'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, localeLabels, LOCALES, type Locale } from '../../../domain/locale';
import styles from './login.module.css';

/**
 * The signed-out pages' language switch: remembered on this browser (the `openlines-locale`
 * cookie, which web/server/locale.ts honours until someone signs in — then their profile decides).
 */
export function LanguageSwitch() {
  const t = useTranslations('auth');
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    if (locale === current) return;
    document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; samesite=lax`;
    startTransition(() => router.refresh());
  }

  return (
    <div className={styles.languages} role="group" aria-label={t('language')} aria-busy={pending || undefined}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className={styles.language}
          aria-pressed={locale === current}
          disabled={pending}
          onClick={() => choose(locale)}
        >
          {localeLabels[locale]}
        </button>
      ))}
    </div>
  );
}
