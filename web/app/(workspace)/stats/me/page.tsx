import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { StatisticsPage } from '../../../../features/stats/dashboard/StatisticsPage';
import { getDb } from '../../../../server/db';
import { defaultStatisticsPeriod } from '../../../../server/services/statistics';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('statistics.meta');
  return { title: t('myTitle') };
}

/** "My statistics": the signed-in user's own dialogs and time (the API scopes it to them). */
export default async function MyStatsRoute() {
  return (
    <Suspense>
      <StatisticsPage scope="own" defaultPeriod={await defaultStatisticsPeriod({ db: getDb() })} />
    </Suspense>
  );
}
