import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../db/migrate';
import { startThrowawayPostgres } from '../scripts/embedded-postgres';
import { ensureTemporalCli, ensureTemporalTestServer } from '../scripts/temporal-binaries';
import { startThrowawayTemporal } from '../scripts/temporal-dev-server';
import { logStep } from '../scripts/support/log';
import './support/env';

const TEMPLATE_DATABASE = 'openlines_template';

/**
 * Starts the servers every test file shares — one throwaway PostgreSQL with a migrated template
 * database, one in-memory Temporal dev server — and hands their addresses to the tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  // Files' bytes (the disk file store under DATA_DIR/files) go to a scratch folder, not the repository's
  // .data; test files and the web servers and workers they start inherit it.
  const dataDir = await mkdtemp(join(tmpdir(), 'openlines-test-data-'));
  process.env.DATA_DIR = dataDir;
  const [postgresStart, temporalStart, testServerLookup] = await Promise.allSettled([
    startPostgresWithTemplate(),
    ensureTemporalCli().then((cliPath) => startThrowawayTemporal(cliPath)),
    ensureTemporalTestServer(),
  ]);
  if (postgresStart.status === 'rejected' || temporalStart.status === 'rejected' || testServerLookup.status === 'rejected') {
    // Whatever did start must not outlive a failed setup.
    if (temporalStart.status === 'fulfilled') await temporalStart.value.stop();
    if (postgresStart.status === 'fulfilled') await postgresStart.value.stop();
    const failures = [postgresStart, temporalStart, testServerLookup].flatMap((result) =>
      result.status === 'rejected' ? [String(result.reason instanceof Error ? result.reason.message : result.reason)] : [],
    );
    throw new Error(`test setup failed:\n${failures.join('\n')}`);
  }
  const postgres = postgresStart.value;
  const temporal = temporalStart.value;
  const testServerPath = testServerLookup.value;
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalTestServerPath', testServerPath);
  logStep('test-setup', `PostgreSQL, migrated template and Temporal dev server ready`, startedAt);

  return async () => {
    await temporal.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function startPostgresWithTemplate() {
  const server = await startThrowawayPostgres('openlines-test-pg-');
  const adminUrl = withDatabase(server.url, 'postgres');
  const templateUrl = withDatabase(server.url, TEMPLATE_DATABASE);
  try {
    await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await migrateToLatest(templateUrl);
    // No test may connect to the template: PostgreSQL refuses to clone a database in use.
    await adminQuery(adminUrl, `ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { adminUrl, stop: server.stop };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
