import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/trpc/routers/_app';

type Outputs = inferRouterOutputs<AppRouter>;
export type InboxItem = Outputs['inbox']['list']['items'][number];
export type InboxCounts = Outputs['inbox']['counts'];
export type DialogView = Outputs['dialogs']['get'];
export type DialogMessage = DialogView['messages'][number];
export type DialogEvent = DialogView['events'][number];
