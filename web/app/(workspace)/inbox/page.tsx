import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { InboxWorkspace } from '../../../features/inbox/InboxWorkspace';
import { getCurrentUser } from '../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('inbox');
  return { title: t('pageTitle') };
}

export default async function InboxPage() {
  const user = await getCurrentUser();
  if (!user) return null;
  return (
    <Suspense>
      <InboxWorkspace me={{ id: user.id, role: user.role }} />
    </Suspense>
  );
}
