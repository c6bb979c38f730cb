import { handleApiRequest } from '../../../../server/api/handle';
import { apiHandlerOptions } from '../../../../server/api/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The public REST API: every operation is declared in web/server/api/operations.ts. */
function handle(request: Request): Promise<Response> {
  return handleApiRequest(request, apiHandlerOptions());
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
