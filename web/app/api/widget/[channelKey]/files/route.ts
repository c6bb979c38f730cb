import { handleSendFile } from '../../../../../server/channels/widget/files';
import { getWidgetDeps } from '../../../../../server/channels/widget/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ channelKey: string }> };

/** A visitor's file, sent as a message of its own (see web/server/channels/widget/files.ts). */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { channelKey } = await params;
  return handleSendFile(getWidgetDeps(), request, channelKey);
}
