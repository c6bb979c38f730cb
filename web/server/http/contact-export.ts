import type { SessionUser } from '../auth';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { handleErrors } from '../channels/widget/http';
import { exportContactData, type PrivacyDeps } from '../services/privacy';
import { contentDisposition } from './file-transfer';

/**
 * GET /api/dialogs/{dialogId}/contact-export: the zip of everything stored about the dialog's
 * client (contact.json and their files), for admins and directors; the export is audited.
 */
export function handleContactExport(deps: PrivacyDeps, dialogIdParam: string, user: SessionUser | null): Promise<Response> {
  return handleErrors(async () => {
    if (!user) throw new AppError('UNAUTHORIZED', errorMessage('access.signIn'));
    if (!user.active) throw new AppError('FORBIDDEN', errorMessage('access.deactivated'));
    const dialogId = /^\d{1,10}$/.test(dialogIdParam) ? Number(dialogIdParam) : 0;
    // A positive PostgreSQL integer, else no such dialog.
    if (dialogId <= 0 || dialogId > 2_147_483_647) throw new AppError('NOT_FOUND', errorMessage('dialog.notFound', { dialogId: dialogIdParam.slice(0, 20) }), 'dialogId');
    const download = await exportContactData(deps, user, dialogId);
    return new Response(download.stream, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition('attachment', download.fileName),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });
}
