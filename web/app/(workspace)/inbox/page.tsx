import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InboxWorkspace } from '../../../features/inbox/InboxWorkspace';
import { getCurrentUser } from '../../../server/session';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxPage() {
  const user = await getCurrentUser();
  if (!user) return null;
  return (
    <Suspense>
      <InboxWorkspace me={{ id: user.id, role: user.role }} />
    </Suspense>
  );
}
