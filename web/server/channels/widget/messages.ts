import type { InboundMessage } from '../../../../domain/channels';
import { addressLimitKey } from '../../../../domain/client-address';
import { clientAddressOf } from '../../http/client-address';
import { receiveInboundMessage } from '../../../../channels/inbound';
import { authenticateVisitor, findVisitorContactId, type AuthenticatedVisitor } from './auth';
import type { WidgetDeps } from './deps';
import { loadVisitorHistory } from './history';
import { bearerToken, handleErrors, jsonResponse, readJsonBody } from './http';
import { widgetSettingsOf, visitorLocaleOf } from './channel-settings';
import { requiredDetails, sendMessageRequestSchema, visitorFormSchema, type WidgetHistory, type WidgetSendResult } from './schemas';
import { z } from 'zod';
import { prechatOf } from '../../../../channels/widget/settings';
import type { Database } from '../../../../db/client';

/**
 * POST /api/widget/{channelKey}/messages — a visitor's message enters the inbound path. The
 * browser's clientMessageId is the channel message id, so a retried send is stored once (the same
 * id from another visitor is refused with 409). Every check runs before anything is written (the
 * new-dialog limit inside the storing transaction, so a refused first message stores nothing); 202
 * means stored: if Temporal is unreachable now, the worker's outbox sweeper hands it to the dialog.
 */
export async function handleSendMessage(deps: WidgetDeps, request: Request, channelKey: string): Promise<Response> {
  return handleErrors(async () => {
    const auth = await authenticateVisitor(deps, request, channelKey, bearerToken(request));
    const { channel, visitor } = auth;
    const body = await readJsonBody(request, sendMessageRequestSchema);
    const details = await checkFormAnswers(deps.db, auth, body);
    await deps.limiters?.messages.hit(`${channel.id}:${visitor.visitorId}`);
    const newDialogs = deps.limiters?.newDialogs;
    const address = addressLimitKey(clientAddressOf(request, deps.trustedProxies));
    const inbound: InboundMessage = {
      channelId: channel.id,
      externalMessageId: body.clientMessageId,
      sender: { externalId: visitor.visitorId, ...details },
      text: body.text,
    };
    const stored = await receiveInboundMessage(deps, inbound, { channel, admitNewDialog: newDialogs && ((trx) => newDialogs.hit(address, trx)) });
    const result: WidgetSendResult = { messageId: stored.messageId, dialogId: stored.dialogId };
    return jsonResponse(result, 202);
  }, visitorLocaleOf(deps.db, request, channelKey));
}

/**
 * The details the visitor's form gave, with what the form must ask checked (400 naming
 * `contact.<field>` otherwise): the offline form always; the pre-chat form's required details
 * before the visitor's first message only, since the form is shown only then.
 */
export async function checkFormAnswers(
  db: Database,
  auth: AuthenticatedVisitor,
  body: z.infer<typeof sendMessageRequestSchema>,
): Promise<z.infer<typeof sendMessageRequestSchema>['contact']> {
  const prechat = prechatOf(widgetSettingsOf(auth.channel));
  const form = body.form ?? 'prechat';
  const required = requiredDetails(prechat, form);
  if (required.length > 0 && (form === 'offline' || (await findVisitorContactId(db, auth)) === undefined)) {
    z.object({ contact: visitorFormSchema(required) }).parse({ contact: body.contact ?? {} });
  }
  return body.contact;
}

/** GET /api/widget/{channelKey}/messages — the visitor's recent conversation on this line and its state. */
export async function handleGetHistory(deps: WidgetDeps, request: Request, channelKey: string): Promise<Response> {
  return handleErrors(async () => {
    const auth = await authenticateVisitor(deps, request, channelKey, bearerToken(request));
    const contactId = await findVisitorContactId(deps.db, auth);
    const history: WidgetHistory = await loadVisitorHistory(deps.db, auth.channel.line_id, contactId, deps.secret);
    return jsonResponse(history);
  }, visitorLocaleOf(deps.db, request, channelKey));
}
