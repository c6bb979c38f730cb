import { appSecret, publicUrl } from '../../../domain/config';
import { internalHostAllowList } from '../../../domain/network/internal-host-allow-list';
import { guardedFetch } from '../../../outbound/guarded-fetch';
import { config } from '../config';
import { getDb } from '../db';
import { inboundMetrics } from '../metrics';
import { getTemporal, taskQueue } from '../temporal';
import type { WebhookDeps } from './webhook';

const globalForWebhooks = globalThis as unknown as { openlinesWebhookDeps?: WebhookDeps };

/** The webhook handler's dependencies in the running web server (route handlers only). */
export function getWebhookDeps(): WebhookDeps {
  globalForWebhooks.openlinesWebhookDeps ??= {
    db: getDb(),
    temporal: getTemporal(),
    taskQueue,
    maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR,
    metrics: inboundMetrics,
    channels: {
      appSecret: appSecret(config, 'encrypts channel secrets'),
      publicUrl: publicUrl(config),
      fetch: guardedFetch(internalHostAllowList(config.HTTP_ALLOWED_INTERNAL_HOSTS)),
    },
  };
  return globalForWebhooks.openlinesWebhookDeps;
}
