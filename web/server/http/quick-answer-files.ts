import type { SessionUser } from '../auth';
import { jsonResponse } from '../channels/widget/http';
import { uploadQuickAnswerFile, type QuickAnswerDeps } from '../services/quick-answers';
import { asSignedInStaff, readUpload } from './file-transfer';

/**
 * `POST /api/quick-answers/files`: a file for a quick answer being written (admins and directors),
 * raw or multipart like `POST /api/files`; saving the quick answer with its id attaches it.
 */
export function handleQuickAnswerFileUpload(deps: QuickAnswerDeps, request: Request, user: SessionUser | null): Promise<Response> {
  return asSignedInStaff(user, async (actor) => {
    const upload = await readUpload(request);
    return jsonResponse(await uploadQuickAnswerFile(deps, actor, upload), 201);
  });
}
