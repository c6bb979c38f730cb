import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { HistoryWorkspace } from '../../../../features/history/HistoryWorkspace';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('history');
  return { title: t('pageTitle') };
}

export default function HistoryPage() {
  return (
    <Suspense>
      <HistoryWorkspace />
    </Suspense>
  );
}
