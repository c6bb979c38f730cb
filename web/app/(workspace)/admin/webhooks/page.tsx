import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { WebhooksPage } from '../../../../features/webhooks/WebhooksPage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webhooks');
  return { title: t('title') };
}

export default function AdminWebhooksPage() {
  return <WebhooksPage />;
}
