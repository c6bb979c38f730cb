import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { dialogWorkflowId } from '../../../../domain/dialog';
import { refusals } from '../../../../domain/dialog-lifecycle/preconditions';
import { AppError } from '../../../../domain/errors';
import { rateUpdate } from '../../../../domain/messages';
import { authenticateVisitor, findVisitorContactId } from './auth';
import type { WidgetDeps } from './deps';
import { bearerToken, handleErrors, jsonResponse, readJsonBody } from './http';
import { findDialogOfContact } from '../../../../db/queries/widget';
import { rateDialogRequestSchema, type WidgetRateResult } from './schemas';
import { withTemporalDeadline } from '../../../../worker/temporal-deadline';
import { visitorErrorDetails } from './visitor-errors';
import { visitorLocaleOf } from './channel-settings';

/**
 * POST /api/widget/{channelKey}/rating — the visitor answers the rating request of one of their
 * dialogs. The dialog workflow decides whether a rating is still wanted; its refusal is a 409.
 */
export async function handleRateDialog(deps: WidgetDeps, request: Request, channelKey: string): Promise<Response> {
  return handleErrors(async () => {
    const auth = await authenticateVisitor(deps, request, channelKey, bearerToken(request));
    const body = await readJsonBody(request, rateDialogRequestSchema);
    const contactId = await findVisitorContactId(deps.db, auth);
    const dialog = contactId === undefined ? undefined : await findDialogOfContact(deps.db, body.dialogId, auth.channel.line_id, contactId);
    if (!dialog) throw new AppError('NOT_FOUND', 'dialogId: is not one of your conversations in this chat', 'dialogId');
    // Once rated, the workflow may already have finished and could no longer say why it refuses.
    if (dialog.rating !== null) throw new AppError('CONFLICT', refusals.alreadyRated, undefined, visitorErrorDetails('alreadyRated'));
    try {
      await withTemporalDeadline(deps, () =>
        deps.temporal.workflow.getHandle(dialogWorkflowId(dialog.id)).executeUpdate(rateUpdate, { args: [{ rating: body.rating }] }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new AppError('CONFLICT', error.cause?.message ?? 'This conversation cannot be rated now.', undefined, visitorErrorDetails('cannotRate'));
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new AppError('CONFLICT', 'This conversation can no longer be rated.', undefined, visitorErrorDetails('cannotRate'));
      }
      throw error;
    }
    const result: WidgetRateResult = { dialogId: dialog.id, rating: body.rating };
    return jsonResponse(result);
  }, visitorLocaleOf(deps.db, request, channelKey));
}
