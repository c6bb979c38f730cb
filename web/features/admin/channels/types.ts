import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/trpc/routers/_app';

/** A channel as the admin's list shows it (secrets masked). */
export type ChannelView = inferRouterOutputs<AppRouter>['channels']['list'][number];
