import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';
import { handleStream } from '../../../../../server/channels/widget/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ channelKey: string }> }): Promise<Response> {
  const { channelKey } = await params;
  return handleStream(getWidgetDeps(), request, channelKey);
}
