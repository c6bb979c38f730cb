import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LinesPage } from '../../../features/admin/LinesPage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('lines.meta');
  return { title: t('lines') };
}

export default function AdminPage() {
  return <LinesPage />;
}
