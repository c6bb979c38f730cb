import { addressLimitKey } from '../../../../domain/client-address';
import { AppError } from '../../../../domain/errors';
import { clientAddressOf } from '../../http/client-address';
import { lineOfflineReason } from './availability';
import { requireWidgetChannel } from './auth';
import { widgetChannelInfo, visitorLocaleOf } from './channel-settings';
import type { WidgetDeps } from './deps';
import { requireAllowedOrigin, requireAllowedSite } from './origins';
import { bearerToken, handleErrors, jsonResponse, readJsonBody } from './http';
import { createSessionRequestSchema, type WidgetSession } from './schemas';
import { issueVisitorToken, verifyVisitorToken } from './token';

/**
 * POST /api/widget/{channelKey}/session — a visitor token for this chat. A still-valid token
 * (as Bearer or `{token}`) keeps the same visitor and renews its expiry; anything else starts a
 * new anonymous visitor. Writes nothing: the contact appears with the visitor's first message.
 * Also says how the chat looks and asks (settings) and whether anyone can answer live now.
 */
export async function handleCreateSession(
  deps: Pick<WidgetDeps, 'db' | 'secret' | 'limiters' | 'trustedProxies' | 'publicOrigin'>,
  request: Request,
  channelKey: string,
): Promise<Response> {
  return handleErrors(async () => {
    // Counted before anything else: minting visitors is the cheapest way to dodge per-visitor limits.
    await deps.limiters?.sessions.hit(addressLimitKey(clientAddressOf(request, deps.trustedProxies)));
    const channel = await requireWidgetChannel(deps.db, channelKey);
    requireAllowedOrigin(deps, request, channel);
    const body = await readJsonBody(request, createSessionRequestSchema, { emptyAsObject: true });
    if (body.embeddedIn !== undefined) requireAllowedSite(deps, request, channel, body.embeddedIn);
    const presented = bearerToken(request) ?? body.token;
    let visitorId: string | undefined;
    if (presented) {
      try {
        visitorId = (await verifyVisitorToken(deps.secret, presented, channel.key)).visitorId;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
    }
    const issued = await issueVisitorToken(deps.secret, { channelKey: channel.key, visitorId });
    const session: WidgetSession = {
      token: issued.token,
      visitorId: issued.visitorId,
      expiresAt: issued.expiresAt.toISOString(),
      channel: widgetChannelInfo(channel),
      offline: await lineOfflineReason(deps.db, channel.line_id),
    };
    return jsonResponse(session);
  }, visitorLocaleOf(deps.db, request, channelKey));
}
