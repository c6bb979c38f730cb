import { canAnswerDialog } from '../../../domain/dialog-lifecycle/access';
import { openRefusal } from '../../../domain/dialog-lifecycle/preconditions';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { typingEvent } from '../../../domain/live-events';
import type { Database } from '../../../db/client';
import { notifyLive } from '../../../db/queries/live';
import { typingThrottle } from '../channels/widget/typing-throttle';
import type { Actor } from './actor';
import { loadDialog } from './dialogs';

/**
 * The operator is typing a reply: the client's widget shows "typing…" for a few seconds. Allowed
 * to whoever may answer the dialog (as replyToDialog); a live event only, never stored, throttled
 * per operator and dialog. A closed dialog has nobody to tell, so nothing is published.
 */
export async function publishOperatorTyping(deps: { db: Database }, actor: Actor, dialogId: number): Promise<{ published: boolean }> {
  const { dialog, facts, memberOfLine } = await loadDialog(deps, actor, dialogId);
  if (openRefusal(facts) !== null) return { published: false };
  if (!canAnswerDialog(actor, facts, memberOfLine)) {
    throw new AppError('FORBIDDEN', errorMessage('dialog.anotherOperators', { dialogId: String(dialogId) }), 'dialogId');
  }
  if (!typingThrottle.admit(`operator:${actor.id}:${dialogId}`)) return { published: false };
  await notifyLive(deps.db, typingEvent({ id: dialog.id, lineId: dialog.line_id, contactId: dialog.contact_id }, 'operator', new Date()));
  return { published: true };
}
