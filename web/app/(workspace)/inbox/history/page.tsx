import type { Metadata } from 'next';
import { Suspense } from 'react';
import { HistoryWorkspace } from '../../../../features/history/HistoryWorkspace';

export const metadata: Metadata = { title: 'Dialog history' };

export default function HistoryPage() {
  return (
    <Suspense>
      <HistoryWorkspace />
    </Suspense>
  );
}
