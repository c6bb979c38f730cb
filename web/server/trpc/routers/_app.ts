import { createCallerFactory, createTRPCRouter } from '../init';
import { availabilityRouter } from './availability';
import { dialogsRouter } from './dialogs';
import { inboxRouter } from './inbox';
import { linesRouter } from './lines';
import { liveRouter } from './live';
import { usersRouter } from './users';

export const appRouter = createTRPCRouter({
  inbox: inboxRouter,
  dialogs: dialogsRouter,
  lines: linesRouter,
  users: usersRouter,
  live: liveRouter,
  availability: availabilityRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
