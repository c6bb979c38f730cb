import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { seesAllDialogs } from '../../../../domain/roles';
import { QuickAnswersPage } from '../../../features/quick-answers/QuickAnswersPage';
import { NoAccess } from '../../../features/shell/NoAccess';
import { getCurrentUser } from '../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('quickAnswers');
  return { title: t('pageTitle') };
}

export default async function QuickAnswersRoute() {
  const user = await getCurrentUser();
  if (!user || !seesAllDialogs(user.role)) return <NoAccess area="quickAnswers" />;
  return <QuickAnswersPage />;
}
