import { inject } from 'vitest';
import { parseConfig, type AppConfig } from '../../domain/config';

/** What test/global-setup.ts hands every test file through vitest's provide/inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the shared embedded PostgreSQL, pointing at its `postgres` maintenance database. */
    pgAdminUrl: string;
    /** Database holding the fully migrated schema; clone it with createTestDatabase(). */
    templateDatabase: string;
    /** host:port of the shared in-memory Temporal dev server (real server, no time skipping). */
    temporalAddress: string;
    /** Executable of the Java time-skipping test server; timeSkippingEnv() starts one per call. */
    temporalTestServerPath: string;
  }
}

/** A fixed, valid secret so tests that sign or encrypt things are reproducible. */
export const TEST_SECRET = 'openlines-test-secret-0123456789abcdef';

/**
 * The app configuration a test would see in production, pointed at the shared test servers.
 * Pass `DATABASE_URL` from createTestDatabase() so each test file has its own database.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: 'default',
    OPENLINES_SECRET: TEST_SECRET,
    ...overrides,
  });
}
