import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createRequestContext } from '../../../../server/trpc/init';
import { appRouter } from '../../../../server/trpc/routers/_app';

export const dynamic = 'force-dynamic';

function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
