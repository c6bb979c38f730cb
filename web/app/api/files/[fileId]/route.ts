import { config } from '../../../../server/config';
import { getAuth, getSessionUser } from '../../../../server/auth';
import { resolveWidgetSecret } from '../../../../server/channels/widget/secret';
import { getDb } from '../../../../server/db';
import { handleFileDownload } from '../../../../server/http/file-transfer';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ fileId: string }> };

/** A stored file, for staff who may see its dialog or for a signed link (see web/server/http/file-transfer.ts). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { fileId } = await params;
  // The widget signs its links with this same secret (OPENLINES_SECRET, or the development one).
  const secret = resolveWidgetSecret(config);
  return handleFileDownload({ db: getDb(), secret }, request, fileId, await getSessionUser(getAuth(), request.headers));
}
