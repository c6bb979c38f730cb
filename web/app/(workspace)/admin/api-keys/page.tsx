import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ApiKeysPage } from '../../../../features/api-keys/ApiKeysPage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('api');
  return { title: t('title') };
}

export default function AdminApiKeysPage() {
  return <ApiKeysPage />;
}
