import { inject } from 'vitest';
import { startWebServer as startProductionWebServer } from '../../scripts/support/web-server';
import { TEST_SECRET } from './env';

/** The production web server against a test database and (unless told otherwise) the shared Temporal dev server. */
export function startWebServer(options: { databaseUrl: string; taskQueue: string; temporalAddress?: string; env?: Record<string, string> }) {
  return startProductionWebServer({ temporalAddress: inject('temporalAddress'), secret: TEST_SECRET, ...options });
}
