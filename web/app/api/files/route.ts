import { getAuth, getSessionUser } from '../../../server/auth';
import { getDb } from '../../../server/db';
import { getFileStore } from '../../../server/file-store';
import { handleFileUpload } from '../../../server/http/file-transfer';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** An operator's upload for a reply: POST /api/files?dialogId=N (see web/server/http/file-transfer.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleFileUpload({ db: getDb(), files: getFileStore() }, request, await getSessionUser(getAuth(), request.headers));
}
