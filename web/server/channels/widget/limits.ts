import type { Database } from '../../../../db/client';
import { createRateLimiter, type RateLimiter } from '../../http/rate-limit';

/**
 * The widget's public endpoints are open to anyone (SPEC §10): these limits keep one client from
 * flooding a line or the server. Sessions and new dialogs are counted per network address (a
 * script can mint visitors at will), messages per visitor. All are shared by every web server
 * (PostgreSQL); the stream caps are in stream-caps.ts.
 */
export interface WidgetLimits {
  sessionsPerAddress: { limit: number; windowMs: number };
  newDialogsPerAddress: { limit: number; windowMs: number };
  messagesPerVisitor: { limit: number; windowMs: number };
}

export const DEFAULT_WIDGET_LIMITS: WidgetLimits = {
  // A page load asks for one; reloads and a few tabs stay far below.
  sessionsPerAddress: { limit: 20, windowMs: 60_000 },
  // An office behind one address opens a handful of chats an hour, a script thousands.
  newDialogsPerAddress: { limit: 10, windowMs: 3_600_000 },
  // A person types far slower than this; a script pasting into the API does not.
  messagesPerVisitor: { limit: 30, windowMs: 60_000 },
};

export interface WidgetLimiters {
  sessions: RateLimiter;
  newDialogs: RateLimiter;
  messages: RateLimiter;
}

export function createWidgetLimiters(db: Database, limits: WidgetLimits = DEFAULT_WIDGET_LIMITS): WidgetLimiters {
  return {
    sessions: createRateLimiter(db, { name: 'widget-sessions', ...limits.sessionsPerAddress, counts: 'new chat sessions from your network address' }),
    newDialogs: createRateLimiter(db, { name: 'widget-new-dialogs', ...limits.newDialogsPerAddress, counts: 'new conversations from your network address' }),
    messages: createRateLimiter(db, { name: 'widget-messages', ...limits.messagesPerVisitor, counts: 'messages from this chat window' }),
  };
}
