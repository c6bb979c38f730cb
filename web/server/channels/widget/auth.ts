import { channelKeySchema } from '../../../../domain/channels';
import { AppError } from '../../../../domain/errors';
import type { Channel } from '../../../../db/types';
import type { Database } from '../../../../db/client';
import { findWidgetChannel } from '../../../../db/queries/channels';
import { findContactIdByIdentity } from '../../../../db/queries/contacts';
import { widgetChannelInfo } from './channel-settings';
import { requireAllowedOrigin } from './origins';
import type { WidgetChannelInfo } from './schemas';
import { verifyVisitorToken, type VisitorIdentity } from './token';

export interface AuthenticatedVisitor {
  channel: Channel;
  visitor: VisitorIdentity;
}

/** The widget channel behind a key from the URL; 404 for anything that is not one. */
export async function requireWidgetChannel(db: Database, channelKey: string): Promise<Channel> {
  const channel = channelKeySchema.safeParse(channelKey).success ? await findWidgetChannel(db, channelKey) : undefined;
  if (!channel) throw new AppError('NOT_FOUND', `channelKey: there is no website chat with the key "${channelKey}"`, 'channelKey');
  return channel;
}

/**
 * The channel, then the page the request comes from (its allowed origins), then the visitor whose
 * token was presented for it: 404, 403, 401 in that order.
 */
export async function authenticateVisitor(
  deps: { db: Database; secret: string; publicOrigin?: string },
  request: Request,
  channelKey: string,
  token: string | undefined | null,
): Promise<AuthenticatedVisitor> {
  const channel = await requireWidgetChannel(deps.db, channelKey);
  requireAllowedOrigin(deps, request, channel);
  if (!token) {
    throw new AppError(
      'UNAUTHORIZED',
      'token: send the visitor token as "Authorization: Bearer <token>" (POST /api/widget/{channelKey}/session issues one)',
      'token',
    );
  }
  const visitor = await verifyVisitorToken(deps.secret, token, channel.key);
  return { channel, visitor };
}

/** The visitor's contact, which exists from their first message on. */
export function findVisitorContactId(db: Database, auth: AuthenticatedVisitor): Promise<number | undefined> {
  return findContactIdByIdentity(db, auth.channel.id, auth.visitor.visitorId);
}

/** What the hosted chat page shows for a key, or null when there is no such chat. */
export async function findWidgetChannelInfo(db: Database, channelKey: string): Promise<WidgetChannelInfo | null> {
  if (!channelKeySchema.safeParse(channelKey).success) return null;
  const channel = await findWidgetChannel(db, channelKey);
  return channel ? widgetChannelInfo(channel) : null;
}
