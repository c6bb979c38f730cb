import { requireWidgetChannel } from './auth';
import { widgetAppearance } from './channel-settings';
import type { WidgetDeps } from './deps';
import { errorToResponse, jsonResponse } from './http';
import { requireAllowedOrigin } from './origins';

/** Long enough to spare the server a query per page view, short enough for an admin's edit to show soon. */
const CACHE_SECONDS = 60;

/**
 * GET /api/widget/{channelKey}/appearance — what web/public/widget.js needs to draw the launcher
 * on the host page (colour, position, title) before the chat is opened. Fetched cross-origin by
 * the host page, so its `Origin` is the site's: a site outside the channel's allowed origins gets
 * 403 and widget.js shows no launcher. Public: no visitor exists yet, and nothing here is secret.
 */
export async function handleAppearance(deps: Pick<WidgetDeps, 'db' | 'publicOrigin'>, request: Request, channelKey: string): Promise<Response> {
  // The site may read the answer, refusal included, so widget.js can say why in the console.
  const cors: Record<string, string> = { 'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*', Vary: 'Origin' };
  try {
    const channel = await requireWidgetChannel(deps.db, channelKey);
    requireAllowedOrigin(deps, request, channel);
    return jsonResponse(widgetAppearance(channel), 200, { ...cors, 'Cache-Control': `public, max-age=${CACHE_SECONDS}` });
  } catch (error) {
    const response = errorToResponse(error);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  }
}
