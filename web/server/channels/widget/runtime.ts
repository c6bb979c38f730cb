import { config, requireDatabaseUrl } from '../../config';
import { getDb } from '../../db';
import { getLiveBus } from '../../live/bus';
import { getTemporal, taskQueue } from '../../temporal';
import type { WidgetDeps } from './deps';
import { createRateLimiter } from './rate-limit';
import { resolveWidgetSecret } from './secret';

// One set per server process, kept across Next.js dev reloads like the db pool and Temporal client.
const globalForWidget = globalThis as unknown as { openlinesWidgetDeps?: WidgetDeps };

/** The widget handlers' dependencies in the running web server (route handlers only). */
export function getWidgetDeps(): WidgetDeps {
  globalForWidget.openlinesWidgetDeps ??= {
    db: getDb(),
    temporal: getTemporal(),
    taskQueue,
    secret: resolveWidgetSecret(config),
    live: getLiveBus(requireDatabaseUrl()),
    // A person types far slower than this; a script pasting into the API does not.
    messageLimiter: createRateLimiter({ limit: 30, windowMs: 60_000 }),
  };
  return globalForWidget.openlinesWidgetDeps;
}
