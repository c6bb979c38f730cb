import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { InvitePage } from '../../../features/auth/InvitePage';
import { getDb } from '../../../server/db';
import { viewInvitation } from '../../../server/services/staff';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.meta');
  return { title: t('invite') };
}

export default async function InviteRoute({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InvitePage token={token} invitation={await viewInvitation({ db: getDb() }, token)} />;
}
