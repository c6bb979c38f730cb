import type { Metadata } from 'next';
import { seesAllDialogs } from '../../../../../domain/roles';
import { NoAccess } from '../../../../features/shell/NoAccess';
import { KpiViolationsPage } from '../../../../features/stats/KpiViolationsPage';
import { getCurrentUser } from '../../../../server/session';

export const metadata: Metadata = { title: 'KPI violations' };

export default async function StatsKpiPage() {
  const user = await getCurrentUser();
  if (!user || !seesAllDialogs(user.role)) return <NoAccess what="KPI statistics" who="admins and directors" />;
  return <KpiViolationsPage />;
}
