import { handleAppearance } from '../../../../../server/channels/widget/appearance';
import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ channelKey: string }> }): Promise<Response> {
  const { channelKey } = await params;
  return handleAppearance(getWidgetDeps(), request, channelKey);
}
