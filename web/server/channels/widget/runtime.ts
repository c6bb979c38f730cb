import { publicUrl } from '../../../../domain/config';
import { config, requireDatabaseUrl } from '../../config';
import { getDb } from '../../db';
import { getFileStore } from '../../file-store';
import { getLiveBus } from '../../live/bus';
import { inboundMetrics } from '../../metrics';
import { getTemporal, taskQueue } from '../../temporal';
import type { WidgetDeps } from './deps';
import { createWidgetLimiters } from './limits';
import { resolveWidgetSecret } from './secret';
import { createStreamRegistry } from './stream-caps';

// One set per server process, kept across Next.js dev reloads like the db pool and Temporal client.
const globalForWidget = globalThis as unknown as { openlinesWidgetDeps?: WidgetDeps };

/** The widget handlers' dependencies in the running web server (route handlers only). */
export function getWidgetDeps(): WidgetDeps {
  globalForWidget.openlinesWidgetDeps ??= createWidgetDeps();
  return globalForWidget.openlinesWidgetDeps;
}

function createWidgetDeps(): WidgetDeps {
  const db = getDb();
  return {
    db,
    temporal: getTemporal(),
    taskQueue,
    secret: resolveWidgetSecret(config),
    live: getLiveBus(requireDatabaseUrl()),
    limiters: createWidgetLimiters(db),
    streams: createStreamRegistry(),
    maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR,
    metrics: inboundMetrics,
    files: getFileStore(),
    publicOrigin: new URL(publicUrl(config)).origin,
  };
}
