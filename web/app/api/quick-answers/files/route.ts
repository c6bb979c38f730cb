import { getAuth, getSessionUser } from '../../../../server/auth';
import { getDb } from '../../../../server/db';
import { getFileStore } from '../../../../server/file-store';
import { handleQuickAnswerFileUpload } from '../../../../server/http/quick-answer-files';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A file for a quick answer: POST /api/quick-answers/files (see web/server/http/quick-answer-files.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleQuickAnswerFileUpload({ db: getDb(), files: getFileStore() }, request, await getSessionUser(getAuth(), request.headers));
}
