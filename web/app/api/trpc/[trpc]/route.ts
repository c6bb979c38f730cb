import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { markSmallJsonBody } from '../../../../server/http/small-bodies';
import { createRequestContext } from '../../../../server/trpc/init';
import { appRouter } from '../../../../server/trpc/routers/_app';

export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
  // Answers (batched queries, mutations) are complete JSON; the live subscription is an event stream, left as it is.
  return markSmallJsonBody(response);
}

export { handler as GET, handler as POST };
