import { getRequestConfig } from 'next-intl/server';
import { localeSchema } from '../../domain/locale';
import { getRequestLocale } from '../server/locale';
import { messagesByLocale } from './messages';

// next-intl's per-request configuration (wired in next.config.ts): which language server components
// render in, with every namespace's texts. A locale passed explicitly (getTranslations({ locale }))
// wins — the widget renders in its channel's language whoever opens it.
export default getRequestConfig(async ({ locale: explicit }) => {
  const parsed = localeSchema.safeParse(explicit);
  const locale = parsed.success ? parsed.data : await getRequestLocale();
  return { locale, messages: messagesByLocale[locale] };
});
