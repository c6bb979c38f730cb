import { getWebhookDeps } from '../../../../../server/channels/webhook-runtime';
import { handleChannelWebhook } from '../../../../../server/channels/webhook';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ channelKey: string }> };

/** Handshakes (Meta's verify token) come as GET; deliveries as POST. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleChannelWebhook(getWebhookDeps(), request, (await params).channelKey);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return handleChannelWebhook(getWebhookDeps(), request, (await params).channelKey);
}
