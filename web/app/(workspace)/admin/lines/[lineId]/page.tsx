import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { LineEditor } from '../../../../../features/admin/LineEditor';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('lines.meta');
  return { title: t('line') };
}

export default async function LinePage({ params }: { params: Promise<{ lineId: string }> }) {
  const lineId = Number((await params).lineId);
  if (!Number.isInteger(lineId) || lineId <= 0) notFound();
  return <LineEditor lineId={lineId} />;
}
