import { describeDown, checkReadiness } from '../../../server/readiness';
import { getDb } from '../../../server/db';
import { getTemporal } from '../../../server/temporal';

export const dynamic = 'force-dynamic';

/**
 * Readiness probe: 200 when PostgreSQL and Temporal both answer, 503 naming what is down. Unlike
 * /api/health (is the process alive?), a failing readiness means "send no traffic here for now".
 */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness({ db: getDb(), temporal: getTemporal() });
  const headers = { 'cache-control': 'no-store' };
  if (readiness.ready) return Response.json({ ready: true, checks: readiness.checks }, { headers });
  return Response.json({ ready: false, error: `not ready: ${describeDown(readiness)}`, checks: readiness.checks }, { status: 503, headers });
}
