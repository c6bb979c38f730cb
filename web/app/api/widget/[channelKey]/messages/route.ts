import { handleGetHistory, handleSendMessage } from '../../../../../server/channels/widget/messages';
import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ channelKey: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { channelKey } = await params;
  return handleGetHistory(getWidgetDeps(), request, channelKey);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { channelKey } = await params;
  return handleSendMessage(getWidgetDeps(), request, channelKey);
}
