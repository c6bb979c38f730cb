import { z } from 'zod';
import { englishErrorText } from './error-messages';

// The languages the product speaks (staff UI, widget, default texts of new lines), and how one is
// chosen from what a browser asks for.

export const localeSchema = z.enum(['en', 'ru'], { error: englishErrorText('field.language') });
export type Locale = z.infer<typeof localeSchema>;
export const LOCALES = localeSchema.options;
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, as a language picker shows it. */
export const localeLabels: Record<Locale, string> = { en: 'English', ru: 'Русский' };

/**
 * The best of our locales for an `Accept-Language` header ("ru-RU,ru;q=0.9,en;q=0.8"), by the
 * header's q-weights and then its order; the default when nothing matches or the header is absent.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const wanted = acceptLanguage
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter((w) => w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const { language } of wanted) {
    const match = localeSchema.safeParse(language);
    if (match.success) return match.data;
  }
  return DEFAULT_LOCALE;
}

/** The cookie the login page's language switch sets for visitors who are not signed in. */
export const LOCALE_COOKIE = 'openlines-locale';
/** A year: the switch is remembered on this browser. */
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language of a staff page: a signed-in user's profile language wins; else the language this
 * browser picked on the login page (the `openlines-locale` cookie, when it names one we speak);
 * else what the browser's `Accept-Language` asks for.
 */
export function chooseRequestLocale(request: {
  profileLocale?: Locale | null;
  cookieLocale?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (request.profileLocale) return request.profileLocale;
  const fromCookie = localeSchema.safeParse(request.cookieLocale);
  if (fromCookie.success) return fromCookie.data;
  return negotiateLocale(request.acceptLanguage);
}
