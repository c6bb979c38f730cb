import { checkMetricsAccess } from '../../../../domain/metrics';
import { config } from '../../../server/config';
import { getDb } from '../../../server/db';
import { renderWebMetrics } from '../../../server/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint; off unless METRICS_TOKEN is set, then it needs that bearer token. */
export async function GET(request: Request): Promise<Response> {
  const access = checkMetricsAccess(config.METRICS_TOKEN, request.headers.get('authorization'));
  if (!access.granted) {
    return Response.json({ error: access.message }, { status: access.status, headers: { 'cache-control': 'no-store' } });
  }
  const { contentType, body } = await renderWebMetrics(getDb());
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
