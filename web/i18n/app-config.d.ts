import type { Locale } from '../../domain/locale';
import type { Messages } from './messages';

// Typed keys: `useTranslations('inbox')('reply.send')` fails to compile when the key is not in the
// English catalogue, and `useLocale()` is 'en' | 'ru'.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
