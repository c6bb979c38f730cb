import { handleRateDialog } from '../../../../../server/channels/widget/rating';
import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ channelKey: string }> }): Promise<Response> {
  const { channelKey } = await params;
  return handleRateDialog(getWidgetDeps(), request, channelKey);
}
