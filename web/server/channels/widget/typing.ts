import { typingEvent } from '../../../../domain/live-events';
import { notifyLive } from '../../../../db/queries/live';
import { listRecentDialogsOfContact } from '../../../../db/queries/widget';
import { authenticateVisitor, findVisitorContactId } from './auth';
import type { WidgetDeps } from './deps';
import { bearerToken, handleErrors, jsonResponse } from './http';
import type { WidgetTypingResult } from './schemas';
import { typingThrottle } from './typing-throttle';

/**
 * POST /api/widget/{channelKey}/typing — the visitor is typing: the inbox of whoever may see their
 * open dialog shows "Client is typing…" for a few seconds. A live event only, never stored; throttled
 * per visitor. Before the first message there is no dialog to show it in, and nothing is published.
 */
export async function handleVisitorTyping(deps: Pick<WidgetDeps, 'db' | 'secret' | 'publicOrigin'>, request: Request, channelKey: string): Promise<Response> {
  return handleErrors(async () => {
    const auth = await authenticateVisitor(deps, request, channelKey, bearerToken(request));
    const result: WidgetTypingResult = { published: false };
    const contactId = await findVisitorContactId(deps.db, auth);
    if (contactId === undefined) return jsonResponse(result, 202);
    const dialog = (await listRecentDialogsOfContact(deps.db, auth.channel.line_id, contactId, 1)).at(-1);
    if (!dialog || dialog.status === 'closed') return jsonResponse(result, 202);
    if (!typingThrottle.admit(`visitor:${auth.channel.id}:${auth.visitor.visitorId}`)) return jsonResponse(result, 202);
    await notifyLive(deps.db, typingEvent({ id: dialog.id, lineId: auth.channel.line_id, contactId }, 'client', new Date()));
    return jsonResponse({ published: true } satisfies WidgetTypingResult, 202);
  });
}
