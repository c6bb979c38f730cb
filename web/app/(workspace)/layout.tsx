import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '../../features/shell/AppShell';
import { findUserProfile } from '../../../db/queries/users';
import { getDb } from '../../server/db';
import { getCurrentUser } from '../../server/session';

export const dynamic = 'force-dynamic';

export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user?.active) redirect('/login');
  // Name and avatar as the profile page last saved them.
  const profile = await findUserProfile(getDb(), user.id);
  return <AppShell user={{ name: profile?.name ?? user.name, email: user.email, role: user.role, image: profile?.image ?? null }}>{children}</AppShell>;
}
