import { getAuth, getSessionUser } from '../../../../server/auth';
import { getDb } from '../../../../server/db';
import { handleStatisticsExport } from '../../../../server/http/statistics-export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ view: string }> };

/** One statistics view as CSV (web/server/http/statistics-export.ts). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { view } = await params;
  return handleStatisticsExport({ db: getDb() }, request, view, await getSessionUser(getAuth(), request.headers));
}
