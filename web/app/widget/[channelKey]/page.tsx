import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { WidgetChat } from '../../../features/widget/WidgetChat';
import { findWidgetChannelInfo } from '../../../server/channels/widget/auth';
import { getDb } from '../../../server/db';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ channelKey: string }> };

// Metadata and page ask for the same channel: one query per request.
const loadChannel = cache((channelKey: string) => findWidgetChannelInfo(getDb(), channelKey));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { channelKey } = await params;
  const channel = await loadChannel(channelKey);
  return { title: channel ? channel.title : 'Chat not available' };
}

/** /widget/{channelKey}: the chat a visitor sees, standalone or inside web/public/widget.js's iframe. */
export default async function WidgetPage({ params }: Props) {
  const { channelKey } = await params;
  const channel = await loadChannel(channelKey);
  if (!channel) notFound();
  return <WidgetChat channel={channel} />;
}
