'use client';

import { NextIntlClientProvider, useLocale, useMessages } from 'next-intl';
import { useState, type ReactNode } from 'react';

/**
 * Dates and times on the page in the zone of the browser showing them. next-intl otherwise formats
 * in the zone the server runs in (often UTC), which is wrong for every user elsewhere. The server
 * renders in its own zone; the browser's takes over from the first render in the browser.
 */
export function BrowserTimeZone({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const messages = useMessages();
  const [timeZone] = useState(() => (typeof window === 'undefined' ? undefined : Intl.DateTimeFormat().resolvedOptions().timeZone));
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}
