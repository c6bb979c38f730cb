import { publicUrl } from '../../../domain/config';
import { config, requireDatabaseUrl } from '../config';
import { getDb } from '../db';
import { getLiveBus } from '../live/bus';
import { getTemporal } from '../temporal';
import { createInnerContext, type AppContext } from '../trpc/init';
import type { ApiHandlerOptions } from './handle';
import { buildOpenApiDocument } from './openapi';
import { apiOperations } from './operations';

let context: AppContext | undefined;

/** The API's handler options in this process: the process-wide clients, made on first request. */
export function apiHandlerOptions(): ApiHandlerOptions {
  return {
    operations: apiOperations,
    ratePerMinute: config.API_RATE_LIMIT_PER_MINUTE,
    context: () => (context ??= createInnerContext({ db: getDb(), temporal: getTemporal(), liveBus: getLiveBus(requireDatabaseUrl()), user: null })),
  };
}

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export function openApiDocument() {
  return (document ??= buildOpenApiDocument(apiOperations, publicUrl(config)));
}
