import { tracked } from '@trpc/server';
import { AppError } from '../../../../domain/errors';
import { streamLiveEvents } from '../../services/live';
import { createTRPCRouter, protectedProcedure, trpcErrorOf } from '../init';

let sequence = 0;

export const liveRouter = createTRPCRouter({
  /**
   * Server-sent events of what changed (dialog updated, message created) among the dialogs the
   * user may see, after a `stream.ready` item once the stream listens. The browser refetches what
   * an event names, and everything on each `stream.ready` (first connection and reconnects), so a
   * change made before the stream listened only delays, never loses, an update.
   */
  events: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    try {
      for await (const event of streamLiveEvents(ctx, ctx.user, signal ?? new AbortController().signal)) {
        yield tracked(String(++sequence), event);
      }
    } catch (error) {
      // Thrown mid-stream (the user was deactivated): past the error-mapping middleware, so mapped here.
      throw error instanceof AppError ? trpcErrorOf(error) : error;
    }
  }),
});
