import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb, type Database } from '../db/client';
import { migrateTo, migrateToLatest } from '../db/migrate';
import { foldPendingStatistics } from '../db/queries/statistics';
import { insertLine } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { defaultLineSettings } from '../domain/line-settings';
import { createScratchDatabase } from './support/scratch-database';
import { benchServers } from './support/servers';

/**
 * `npm run bench:stats-fold` — folding a busy hour's statistics changes into the roll-up
 * (dialog_stats_pending → dialog_stats_daily and its month rows), the worker's job every 3 s.
 * Two scratch databases get the same work, one migrated to the change-by-change fold
 * (20261206050000_statistics_deferred, the baseline) and one to the latest (set-based) fold:
 * for each batch size, that many new dialogs on one line and day, then each taken by one of five
 * operators, answered and closed (seven pending changes a dialog, as the product writes
 * them); prints the time of the fold of those changes in each database and their ratio.
 *
 *   --batches 100,300,1000   dialogs per batch (the batch's changes are folded at once)
 */
const { values } = parseArgs({ options: { batches: { type: 'string', default: '100,300,1000' } } });
const batches = values.batches.split(',').map(Number);

const servers = await benchServers();
const baselineDb = await createScratchDatabase(servers.databaseUrl, 'bench_fold_change_by_change');
const latestDb = await createScratchDatabase(servers.databaseUrl, 'bench_fold_set_based');
try {
  await migrateTo(baselineDb.url, '20261206050000_statistics_deferred');
  await migrateToLatest(latestDb.url);
  const shapes = { 'change by change (baseline)': baselineDb.url, 'set-based (latest)': latestDb.url };
  const timings = new Map<string, number[]>();
  for (const [label, url] of Object.entries(shapes)) {
    const db = createDb(url, { max: 2 });
    try {
      const { lineId, channelId, operators } = await setUp(db);
      const folds: number[] = [];
      for (const size of batches) {
        const changes = await busyHour(db, { lineId, channelId, operators, size });
        const started = performance.now();
        await foldPendingStatistics(db);
        folds.push(performance.now() - started);
        if (folds.length === 1) console.log(`${label}: ${size} dialogs wrote ${changes} pending changes`);
      }
      timings.set(label, folds);
    } finally {
      await db.destroy();
    }
  }
  const [baseline, latest] = [...timings.values()] as [number[], number[]];
  console.log(`\nfold of one batch's changes (ms):`);
  console.log(`${'dialogs'.padStart(8)} ${'change by change'.padStart(18)} ${'set-based'.padStart(12)} ${'ratio'.padStart(8)}`);
  for (const [i, size] of batches.entries()) {
    console.log(`${String(size).padStart(8)} ${baseline[i]!.toFixed(1).padStart(18)} ${latest[i]!.toFixed(1).padStart(12)} ${`${(baseline[i]! / latest[i]!).toFixed(1)}x`.padStart(8)}`);
  }
} finally {
  await baselineDb.drop();
  await latestDb.drop();
  await servers.stop();
}

async function setUp(db: Database) {
  const operators: string[] = [];
  for (let i = 0; i < 5; i++) operators.push(await createUserWithPassword(db, { email: `fold-${i}-${randomUUID().slice(0, 6)}@bench.local`, name: `Operator ${i}`, role: 'manager', password: randomUUID() }));
  const lineId = await insertLine(db, 'Fold bench', defaultLineSettings());
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `fold-${randomUUID().slice(0, 8)}`, name: 'Bench', config: '{}' }).returning('id').executeTakeFirstOrThrow();
  return { lineId, channelId: channel.id, operators };
}

/** `size` dialogs created, taken, answered and closed, statement by statement as the product's transactions do; returns the pending changes written. */
async function busyHour(db: Database, { lineId, channelId, operators, size }: { lineId: number; channelId: number; operators: string[]; size: number }): Promise<number> {
  const ids = await sql<{ id: number }>`
    with contacts as (insert into contacts (name) select 'Client ' || n from generate_series(1, ${size}) n returning id)
    insert into dialogs (line_id, channel_id, contact_id, status, created_at)
    select ${lineId}, ${channelId}, id, 'queued', now() - interval '10 minutes' from contacts returning id`.execute(db);
  for (const [i, { id }] of ids.rows.entries()) {
    await db.updateTable('dialogs').set({ status: 'in_work', operator_id: operators[i % operators.length]! }).where('id', '=', id).execute();
    await db.updateTable('dialogs').set({ first_answer_at: sql`created_at + ${`${30 + (i % 600)} seconds`}::interval` }).where('id', '=', id).execute();
    await db.updateTable('dialogs').set({ status: 'closed', closed_at: new Date() }).where('id', '=', id).execute();
  }
  const { count } = await db.selectFrom('dialog_stats_pending').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
