import { migrateToLatest } from '../../db/migrate';
import { parseConfig } from '../../domain/config';
import { startThrowawayPostgres } from '../../scripts/embedded-postgres';
import { ensureTemporalCli } from '../../scripts/temporal-binaries';
import { startThrowawayTemporal } from '../../scripts/temporal-dev-server';

/**
 * The CPU priority of the background processes, as `npm start` gives it (BACKGROUND_NICE, default
 * 10): the benches run the worker and the Temporal dev server at it. `BACKGROUND_NICE=0` runs all alike.
 * Read as npm start reads it (empty is unset; a bad value is named), without judging the rest of the environment.
 */
export const backgroundNice = parseConfig({ BACKGROUND_NICE: process.env.BACKGROUND_NICE }).BACKGROUND_NICE;

export interface BenchServers {
  databaseUrl: string;
  temporalAddress: string;
  /** The pids of the servers this run started (none for an external one): their CPU is read from /proc. */
  pids: { postgres?: number; temporal?: number };
  stop(): Promise<void>;
}

/**
 * Real servers for a benchmark run: DATABASE_URL / TEMPORAL_ADDRESS when set (then the database
 * must be a scratch one: the bench writes to it), else a throwaway embedded PostgreSQL and
 * Temporal dev server.
 */
export async function benchServers(): Promise<BenchServers> {
  const stops: (() => Promise<void>)[] = [];
  const pids: BenchServers['pids'] = {};
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startThrowawayPostgres('openlines-bench-pg-');
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
    pids.postgres = pg.pid;
  }
  await migrateToLatest(databaseUrl);
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporal = await startThrowawayTemporal(await ensureTemporalCli(), { nice: backgroundNice });
    stops.push(() => temporal.stop());
    temporalAddress = temporal.address;
    pids.temporal = temporal.pid;
  }
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop();
    })();
    return stopping;
  };
  // A bench stopped by Ctrl-C or `kill` skips its own `finally`: stop the servers here, so the
  // throwaway database's directory in /tmp (about 46 MB) does not stay behind.
  // The exit that follows stops the bench's other children (scripts/support/child-process.ts).
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`bench: ${signal}, stopping its servers`);
    void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  return {
    databaseUrl,
    temporalAddress,
    pids,
    async stop() {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeListener(signal, onSignal);
      await stopAll();
    },
  };
}
