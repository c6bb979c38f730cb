import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LineEditor } from '../../../../../features/admin/LineEditor';

export const metadata: Metadata = { title: 'Line settings' };

export default async function LinePage({ params }: { params: Promise<{ lineId: string }> }) {
  const lineId = Number((await params).lineId);
  if (!Number.isInteger(lineId) || lineId <= 0) notFound();
  return <LineEditor lineId={lineId} />;
}
