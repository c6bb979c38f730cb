import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';
import { handleCreateSession } from '../../../../../server/channels/widget/session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ channelKey: string }> }): Promise<Response> {
  const { channelKey } = await params;
  return handleCreateSession(getWidgetDeps(), request, channelKey);
}
