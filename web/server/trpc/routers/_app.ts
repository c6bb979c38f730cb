import { createCallerFactory, createTRPCRouter } from '../init';
import { apiKeysRouter } from './api-keys';
import { auditRouter } from './audit';
import { availabilityRouter } from './availability';
import { channelsRouter } from './channels';
import { contactsRouter } from './contacts';
import { dialogsRouter } from './dialogs';
import { flowAnalyticsRouter } from './flow-analytics';
import { flowsRouter } from './flows';
import { historyRouter } from './history';
import { inboxRouter } from './inbox';
import { linesRouter } from './lines';
import { kpiRouter } from './kpi';
import { liveRouter } from './live';
import { notificationsRouter } from './notifications';
import { privacyRouter } from './privacy';
import { quickAnswersRouter } from './quick-answers';
import { profileRouter } from './profile';
import { statisticsRouter } from './statistics';
import { usersRouter } from './users';
import { webhooksRouter } from './webhooks';

export const appRouter = createTRPCRouter({
  inbox: inboxRouter,
  history: historyRouter,
  dialogs: dialogsRouter,
  contacts: contactsRouter,
  lines: linesRouter,
  channels: channelsRouter,
  users: usersRouter,
  profile: profileRouter,
  live: liveRouter,
  notifications: notificationsRouter,
  kpi: kpiRouter,
  availability: availabilityRouter,
  flows: flowsRouter,
  flowAnalytics: flowAnalyticsRouter,
  quickAnswers: quickAnswersRouter,
  webhooks: webhooksRouter,
  audit: auditRouter,
  statistics: statisticsRouter,
  privacy: privacyRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
