import { renderReferencePage } from '../../../../server/api/reference-page';
import { openApiDocument } from '../../../../server/api/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The readable reference of the public REST API, rendered from /api/v1/openapi.json. */
export function GET(): Response {
  return new Response(renderReferencePage(openApiDocument()), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
