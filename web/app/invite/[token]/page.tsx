import type { Metadata } from 'next';
import { InvitePage } from '../../../features/auth/InvitePage';
import { getDb } from '../../../server/db';
import { viewInvitation } from '../../../server/services/staff';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set your password' };

export default async function InviteRoute({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InvitePage token={token} invitation={await viewInvitation({ db: getDb() }, token)} />;
}
