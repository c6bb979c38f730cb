import type { Client } from '@temporalio/client';
import type { Database } from '../../../../db/client';
import type { LiveEvent } from '../../../../domain/live-events';
import type { RateLimiter } from './rate-limit';

/** Everything the widget handlers use, passed in so tests can run them without Next.js. */
export interface WidgetDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** OPENLINES_SECRET (see resolveWidgetSecret); visitor tokens are signed with a key derived from it. */
  secret: string;
  live: { subscribe(listener: (event: LiveEvent) => void): Promise<() => void> };
  /** Caps messages per visitor (SPEC §10: public endpoints are rate limited). */
  messageLimiter?: RateLimiter;
  /** Interval of the SSE keep-alive comment; 15 s unless a test wants it faster. */
  heartbeatMs?: number;
  /** How long a call to Temporal may take: then a rating answers 503, a message stays in the outbox (202). */
  temporalTimeoutMs?: number;
}
