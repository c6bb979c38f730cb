import { WebhookRejected } from '../../../channels/connector';
import type { InboundDeps } from '../../../channels/inbound';
import { ChannelUnavailable, loadConnectedChannel, type ChannelRuntime } from '../../../channels/load';
import { receiveChannelNews } from '../../../channels/receive';
import { setChannelError } from '../../../db/queries/channel-state';
import { readBodyBytes } from '../http/body';
import { errorResponse, errorToResponse } from './widget/http';

export type WebhookDeps = InboundDeps & { channels: ChannelRuntime };

/** Messengers send small updates; a connector pushing files inline (base64) needs room for one. */
const MAX_WEBHOOK_BYTES = 30 * 1024 * 1024;

/**
 * `GET|POST /api/channels/{channelKey}/webhook` — every channel kind's deliveries. The channel's
 * connector checks its signature and parses the payload before anything is stored (401 forged or
 * unsigned, 400 malformed — logged); what it returns goes through the one inbound path. The answer
 * is what the channel expects (VK "ok", Meta's challenge) or 200; a 5xx makes the channel re-deliver,
 * which stores nothing twice.
 */
export async function handleChannelWebhook(deps: WebhookDeps, request: Request, channelKey: string): Promise<Response> {
  let loaded;
  try {
    loaded = await loadConnectedChannel(deps.db, deps.channels, { key: channelKey });
  } catch (error) {
    if (!(error instanceof ChannelUnavailable)) return errorToResponse(error);
    if (error.reason === 'bad_settings') return errorResponse(503, error.message);
    return errorResponse(404, 'No such channel, or it is switched off; check the webhook URL in the line’s channel settings.');
  }
  const { connector, channel } = loaded;
  if (!connector.handleWebhook) return errorResponse(404, `A ${channel.name} channel takes no webhook deliveries.`);
  try {
    const rawBody = await readBodyBytes(request, MAX_WEBHOOK_BYTES);
    const outcome = await connector.handleWebhook(
      channel,
      { method: request.method, url: new URL(request.url), headers: request.headers, rawBody },
      { fetch: deps.channels.fetch ?? fetch },
    );
    await receiveChannelNews(deps, channel.id, outcome);
    const response = outcome.response ?? { status: 200, body: '{"ok":true}', contentType: 'application/json' };
    return new Response(response.body ?? null, { status: response.status, headers: { 'Content-Type': response.contentType ?? 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof WebhookRejected) {
      console.warn(`channel ${channel.id} (${connector.kind}) webhook refused with ${error.status}: ${error.message}`);
      if (error.status === 400) await setChannelError(deps.db, channel.id, `A delivery was refused as malformed: ${error.message}`);
      return errorResponse(error.status, error.message);
    }
    return errorToResponse(error);
  }
}
