import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { seesAllDialogs } from '../../../../../domain/roles';
import { NoAccess } from '../../../../features/shell/NoAccess';
import { KpiViolationsPage } from '../../../../features/stats/KpiViolationsPage';
import { getCurrentUser } from '../../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('kpi.meta');
  return { title: t('title') };
}

export default async function StatsKpiPage() {
  const user = await getCurrentUser();
  if (!user || !seesAllDialogs(user.role)) return <NoAccess area="kpi" />;
  return <KpiViolationsPage />;
}
