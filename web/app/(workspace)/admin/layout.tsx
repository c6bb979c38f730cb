import type { ReactNode } from 'react';
import { canConfigure } from '../../../../domain/roles';
import { AdminNav } from '../../../features/shell/AdminNav';
import { NoAccess } from '../../../features/shell/NoAccess';
import { getCurrentUser } from '../../../server/session';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user || !canConfigure(user.role)) return <NoAccess area="admin" />;
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}
