import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../db/migrate';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { findFreePort } from '../../scripts/support/free-port';
import { ensureTemporalCli } from '../../scripts/temporal-binaries';
import { startTemporalDevServer } from '../../scripts/temporal-dev-server';

/**
 * Real servers for a benchmark run: DATABASE_URL / TEMPORAL_ADDRESS when set (then the database
 * must be a scratch one: the bench writes to it), else a throwaway embedded PostgreSQL and
 * Temporal dev server.
 */
export async function benchServers(): Promise<{ databaseUrl: string; temporalAddress: string; stop(): Promise<void> }> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'openlines-bench-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), persistent: false });
    stops.push(async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    databaseUrl = pg.url;
  }
  await migrateToLatest(databaseUrl);
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({ cliPath: await ensureTemporalCli(), port: await findFreePort(), uiPort: await findFreePort(), headless: true });
    stops.push(() => temporal.stop());
    temporalAddress = temporal.address;
  }
  return {
    databaseUrl,
    temporalAddress,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
