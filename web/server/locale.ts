import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { findUserProfile } from '../../db/queries/users';
import { chooseRequestLocale, LOCALE_COOKIE, type Locale } from '../../domain/locale';
import { getDb } from './db';
import { getCurrentUser } from './session';

/**
 * The language of this request's pages: the signed-in user's own choice (profile → Language), or
 * for someone not signed in the one picked on the login page, else what their browser asks for.
 * The widget chooses its own, per channel.
 */
export const getRequestLocale = cache(async (): Promise<Locale> => {
  // Headers first: reading them marks the page as rendered per request, before anything touches the
  // database (which a build has none of).
  const acceptLanguage = (await headers()).get('accept-language');
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  const user = await getCurrentUser();
  const profile = user ? await findUserProfile(getDb(), user.id) : undefined;
  return chooseRequestLocale({ profileLocale: profile?.locale, cookieLocale, acceptLanguage });
});
