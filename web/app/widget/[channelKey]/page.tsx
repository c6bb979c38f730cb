import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { widgetLocale } from '../../../../channels/widget/settings';
import { WidgetChat } from '../../../features/widget/WidgetChat';
import { messagesByLocale } from '../../../i18n/messages';
import { findWidgetChannelInfo } from '../../../server/channels/widget/auth';
import { getDb } from '../../../server/db';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ channelKey: string }> };

// Metadata and page ask for the same channel: one query per request.
const loadChannel = cache((channelKey: string) => findWidgetChannelInfo(getDb(), channelKey));

/** The chat's language: the channel's setting (or the visitor's browser's), never a signed-in staff user's. */
async function chatLocale(channel: { language: Parameters<typeof widgetLocale>[0] }) {
  return widgetLocale(channel.language, (await headers()).get('accept-language'));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { channelKey } = await params;
  const channel = await loadChannel(channelKey);
  if (channel) return { title: channel.title };
  const t = await getTranslations('widget.page');
  return { title: t('unavailableTitle') };
}

/** /widget/{channelKey}: the chat a visitor sees, standalone or inside web/public/widget.js's iframe. */
export default async function WidgetPage({ params }: Props) {
  const { channelKey } = await params;
  const channel = await loadChannel(channelKey);
  if (!channel) notFound();
  const locale = await chatLocale(channel);
  return (
    <NextIntlClientProvider locale={locale} messages={{ widget: messagesByLocale[locale].widget }}>
      <WidgetChat channel={channel} locale={locale} />
    </NextIntlClientProvider>
  );
}
