import { getAuth, getSessionUser } from '../../../../../server/auth';
import { getDb } from '../../../../../server/db';
import { getFileStore } from '../../../../../server/file-store';
import { clientAddressOf } from '../../../../../server/http/client-address';
import { handleContactExport } from '../../../../../server/http/contact-export';
import { getTemporal } from '../../../../../server/temporal';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ dialogId: string }> };

/** Everything stored about a dialog's client, as a zip (web/server/http/contact-export.ts). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { dialogId } = await params;
  const deps = { db: getDb(), files: getFileStore(), temporal: getTemporal(), clientAddress: clientAddressOf(request) };
  return handleContactExport(deps, dialogId, await getSessionUser(getAuth(), request.headers));
}
