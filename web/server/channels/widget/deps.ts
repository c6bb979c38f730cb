import type { Client } from '@temporalio/client';
import type { InboundMetrics } from '../../../../channels/inbound';
import type { Database } from '../../../../db/client';
import type { TrustedProxies } from '../../../../domain/client-address';
import type { LiveEvent } from '../../../../domain/live-events';
import type { FileStore } from '../../../../storage/file-store';
import type { WidgetLimiters } from './limits';
import type { StreamRegistry } from './stream-caps';

/** Everything the widget handlers use, passed in so tests can run them without Next.js. */
export interface WidgetDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** OPENLINES_SECRET (see resolveWidgetSecret); visitor tokens are signed with a key derived from it. */
  secret: string;
  live: { subscribe(listener: (event: LiveEvent) => void): Promise<() => void> };
  /** Per-client limits on sessions, new dialogs and messages (SPEC §10); none when absent. */
  limiters?: WidgetLimiters;
  /** Caps on open live streams; none when absent. */
  streams?: StreamRegistry;
  /** Proxies whose X-Forwarded-For is believed; the server's TRUSTED_PROXIES when absent. */
  trustedProxies?: TrustedProxies;
  /** The product's own origin (PUBLIC_URL's), always allowed to use a chat; the request's own when absent (tests). */
  publicOrigin?: string;
  /** Interval of the SSE keep-alive comment; 15 s unless a test wants it faster. */
  heartbeatMs?: number;
  /** MAX_OPEN_DIALOGS_PER_OPERATOR, for offering a new dialog at once; its default when absent. */
  maxOpenDialogsPerOperator?: number;
  /** The web server's counters of received messages; none in tests. */
  metrics?: InboundMetrics;
  /** Where visitors' files are kept; the configured store when absent. */
  files?: FileStore;
  /** How long a call to Temporal may take: then a rating answers 503, a message stays in the outbox (202). */
  temporalTimeoutMs?: number;
}
