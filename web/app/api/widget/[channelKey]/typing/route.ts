import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';
import { handleVisitorTyping } from '../../../../../server/channels/widget/typing';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ channelKey: string }> }): Promise<Response> {
  const { channelKey } = await params;
  return handleVisitorTyping(getWidgetDeps(), request, channelKey);
}
