import { appSecret } from '../../../../../domain/config';
import { getAuth, getSessionUser } from '../../../../server/auth';
import { config } from '../../../../server/config';
import { getDb } from '../../../../server/db';
import { getFileStore } from '../../../../server/file-store';
import { handleFileDownload } from '../../../../server/http/file-transfer';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ fileId: string }> };

/** A stored file, for staff who may see its dialog or for a signed link (see web/server/http/file-transfer.ts). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { fileId } = await params;
  const secret = appSecret(config, 'checks signed links to files');
  return handleFileDownload({ db: getDb(), files: getFileStore(), secret }, request, fileId, await getSessionUser(getAuth(), request.headers));
}
