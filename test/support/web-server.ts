import { inject } from 'vitest';
import { startWebServer as startProductionWebServer } from '../../scripts/support/web-server';
import { TEST_SECRET } from './env';

/** The production web server against a test database and the shared Temporal dev server. */
export function startWebServer(options: { databaseUrl: string; taskQueue: string; env?: Record<string, string> }) {
  return startProductionWebServer({ ...options, temporalAddress: inject('temporalAddress'), secret: TEST_SECRET });
}
