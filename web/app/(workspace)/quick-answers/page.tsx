import type { Metadata } from 'next';
import { seesAllDialogs } from '../../../../domain/roles';
import { QuickAnswersPage } from '../../../features/quick-answers/QuickAnswersPage';
import { NoAccess } from '../../../features/shell/NoAccess';
import { getCurrentUser } from '../../../server/session';

export const metadata: Metadata = { title: 'Quick answers' };

export default async function QuickAnswersRoute() {
  const user = await getCurrentUser();
  if (!user || !seesAllDialogs(user.role)) return <NoAccess area="quickAnswers" />;
  return <QuickAnswersPage />;
}
