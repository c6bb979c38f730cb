import type { Metadata } from 'next';
import { LinesPage } from '../../../features/admin/LinesPage';

export const metadata: Metadata = { title: 'Lines' };

export default function AdminPage() {
  return <LinesPage />;
}
