import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { BrowserTimeZone } from '../i18n/BrowserTimeZone';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('shell.meta');
  return { title: { default: 'Openlines', template: '%s · Openlines' }, description: t('description') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#ffffff' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <BrowserTimeZone>{children}</BrowserTimeZone>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
