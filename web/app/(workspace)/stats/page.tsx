import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { seesAllDialogs } from '../../../../domain/roles';
import { StatisticsPage } from '../../../features/stats/dashboard/StatisticsPage';
import { getDb } from '../../../server/db';
import { defaultStatisticsPeriod } from '../../../server/services/statistics';
import { getCurrentUser } from '../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('statistics.meta');
  return { title: t('title') };
}

/** The director's dashboard; an operator opening it gets their own statistics instead. */
export default async function StatsRoute() {
  const user = await getCurrentUser();
  if (!user || !seesAllDialogs(user.role)) redirect('/stats/me');
  return (
    <Suspense>
      <StatisticsPage scope="all" defaultPeriod={await defaultStatisticsPeriod({ db: getDb() })} />
    </Suspense>
  );
}
