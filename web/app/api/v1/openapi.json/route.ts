import { openApiDocument } from '../../../../server/api/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of the public REST API, generated from the operations' schemas. */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'no-cache' } });
}
