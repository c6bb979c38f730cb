import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '../../features/shell/AppShell';
import { getCurrentUser } from '../../server/session';

export const dynamic = 'force-dynamic';

export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user?.active) redirect('/login');
  return <AppShell user={{ name: user.name, email: user.email, role: user.role }}>{children}</AppShell>;
}
