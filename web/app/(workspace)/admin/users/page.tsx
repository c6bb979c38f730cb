import type { Metadata } from 'next';
import { UsersPage } from '../../../../features/admin-users/UsersPage';

export const metadata: Metadata = { title: 'Users' };

export default function AdminUsersPage() {
  return <UsersPage />;
}
