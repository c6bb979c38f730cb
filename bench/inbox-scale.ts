import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { createPool } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import type { DB } from '../db/types';
import { countInbox, listInboxPage } from '../db/queries/inbox';
import { inboxScaleOptions, inboxScaleShape, loadInboxScaleData, operatorId, supervisorId } from './support/inbox-scale-data';
import { percentile, summarize } from './support/percentiles';
import { createScratchDatabase } from './support/scratch-database';
import { benchServers } from './support/servers';

/**
 * `npm run bench:inbox-scale` — the inbox at a large centre's size. Loads 1,000,000 dialogs and
 * about 10,000,000 messages (generate_series) into a database of its own on the bench's server,
 * then times the product's own inbox queries (db/queries/inbox.ts) for several operators
 * (waiting, mine, queue, counts) and for a supervisor (all, its second page, counts), each run
 * alternated with the same query unprepared (the baseline of the same run: db/prepared-statements.ts), and prints
 * each query's plan with EXPLAIN (ANALYZE, BUFFERS), and the generic plan a prepared statement may
 * switch to (EXPLAIN (GENERIC_PLAN)). The database is dropped at the end.
 *
 *   --dialogs 1000000  --messages-per-dialog 10  --operators 50  --lines 20  --open 3000
 *   --iterations 40    timed runs of each query per user
 *   --users 8          operators timed
 *   --keep             keep the database instead of dropping it (with DATABASE_URL: a server that outlives the run)
 *   --reuse            measure a database kept earlier (new migrations are applied to it) instead of loading
 */
const { values } = parseArgs({
  options: {
    ...inboxScaleOptions,
    iterations: { type: 'string', default: '40' },
    users: { type: 'string', default: '8' },
  },
});
const shape = inboxScaleShape(values);
const iterations = Number(values.iterations);
const timedOperators = Math.min(Number(values.users), shape.operators);

const servers = await benchServers();
const scratch = await createScratchDatabase(servers.databaseUrl, 'openlines_inbox_scale', { reuse: values.reuse });
const pool = createPool(scratch.url, { max: 2 });
// The last compiled query of each run, for its EXPLAIN.
let lastQuery: CompiledQuery | undefined;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') lastQuery = event.query;
  },
});
// The baseline of the same run: the same queries with nothing kept prepared (DATABASE_PREPARED_STATEMENTS=off).
const unpreparedDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(scratch.url, { max: 2, preparedStatements: false }) }) });

try {
  console.log(`bench:inbox-scale: ${shape.dialogs.toLocaleString('en')} dialogs, ~${(shape.dialogs * shape.meanMessages).toLocaleString('en')} messages, ${shape.lines} lines, ${shape.operators} operators, ${shape.open.toLocaleString('en')} open`);
  await migrateToLatest(scratch.url);
  const loadStarted = performance.now();
  if (!values.reuse) await loadInboxScaleData(db, shape, (line) => console.log(line));
  const sizes = await pool.query<{ dialogs: string; messages: string; total: string }>(
    `select (select count(*) from dialogs) dialogs, (select count(*) from messages) messages, pg_size_pretty(pg_database_size(current_database())) total`,
  );
  const size = sizes.rows[0]!;
  console.log(`loaded ${Number(size.dialogs).toLocaleString('en')} dialogs and ${Number(size.messages).toLocaleString('en')} messages (${size.total}) in ${((performance.now() - loadStarted) / 60_000).toFixed(1)} min`);

  const operators = Array.from({ length: timedOperators }, (_, i) => operatorId(1 + Math.floor((i * shape.operators) / timedOperators)));
  const firstAllPage = await listInboxPage(db, { userId: supervisorId, tab: 'all', cursor: null, limit: 50 });
  const cases: { label: string; users: string[]; run: (on: Kysely<DB>, userId: string) => Promise<unknown> }[] = [
    { label: 'operator: waiting tab (50 a page)', users: operators, run: (on, userId) => listInboxPage(on, { userId, tab: 'waiting', cursor: null, limit: 50 }) },
    { label: 'operator: mine tab', users: operators, run: (on, userId) => listInboxPage(on, { userId, tab: 'mine', cursor: null, limit: 50 }) },
    { label: 'operator: queue tab', users: operators, run: (on, userId) => listInboxPage(on, { userId, tab: 'queue', cursor: null, limit: 50 }) },
    { label: 'operator: counts', users: operators, run: (on, userId) => countInbox(on, userId) },
    { label: 'supervisor: all tab', users: [supervisorId], run: (on, userId) => listInboxPage(on, { userId, tab: 'all', cursor: null, limit: 50 }) },
    { label: 'supervisor: all tab, second page', users: [supervisorId], run: (on, userId) => listInboxPage(on, { userId, tab: 'all', cursor: firstAllPage.nextCursor, limit: 50 }) },
    { label: 'supervisor: counts', users: [supervisorId], run: (on, userId) => countInbox(on, userId) },
  ];

  console.log(`\ntimings (${iterations} runs per user after 3 warm-up runs, each run alternated with the same query unprepared; operators ${operators.join(', ')}):`);
  const plans: { label: string; query: CompiledQuery }[] = [];
  const allSamples: number[] = [];
  const allUnprepared: number[] = [];
  const timed = async (run: () => Promise<unknown>, samples: number[]) => {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  };
  for (const c of cases) {
    const samples: number[] = [];
    const unprepared: number[] = [];
    for (const userId of c.users) {
      for (let i = 0; i < 3; i++) await Promise.all([c.run(db, userId), c.run(unpreparedDb, userId)]);
      for (let i = 0; i < iterations * (c.users.length === 1 ? timedOperators : 1); i++) {
        // Which goes first alternates, so neither always finds the other's pages just read.
        const runs = [() => timed(() => c.run(db, userId), samples), () => timed(() => c.run(unpreparedDb, userId), unprepared)];
        for (const run of i % 2 === 0 ? runs : runs.reverse()) await run();
      }
    }
    allSamples.push(...samples);
    allUnprepared.push(...unprepared);
    if (lastQuery) plans.push({ label: c.label, query: lastQuery });
    console.log(summarize(c.label, samples));
    console.log(`  ${summarize('unprepared, same run', unprepared)}  ${preparedRatio(samples, unprepared)}`);
  }
  console.log(summarize('all inbox queries', allSamples) + '   target p95 <= 20 ms');
  console.log(`  ${summarize('unprepared, same run', allUnprepared)}  ${preparedRatio(allSamples, allUnprepared)}`);
  await printPlanChoices(plans);

  for (const { label, query } of plans) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.parameters as unknown[]);
    console.log(`\n--- ${label}: EXPLAIN (ANALYZE, BUFFERS)\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    // What a prepared statement may run instead after its fifth run (db/prepared-statements.ts):
    // PostgreSQL's plan for any values, chosen when its estimate is no worse than the plans for each run's values.
    const generic = await pool.query<{ 'QUERY PLAN': string }>(`explain (generic_plan) ${query.sql}`).catch((error: unknown) => ({ rows: [{ 'QUERY PLAN': `(not shown: ${error instanceof Error ? error.message : String(error)}; PostgreSQL 16 or later shows it)` }] }));
    console.log(`--- ${label}: EXPLAIN (GENERIC_PLAN)\n${generic.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  await db.destroy();
  await unpreparedDb.destroy();
  if (values.keep) console.log(`kept: ${scratch.url}`);
  else await scratch.drop();
  await servers.stop();
}

/** Prepared against unprepared, p50 and p95. */
function preparedRatio(prepared: readonly number[], unprepared: readonly number[]): string {
  const ratio = (p: number) => (percentile(prepared, p) / percentile(unprepared, p)).toFixed(2);
  return `prepared / unprepared: p50 ${ratio(50)}×, p95 ${ratio(95)}×`;
}

/**
 * How PostgreSQL planned the timed runs of each prepared query (db/prepared-statements.ts), from
 * `pg_prepared_statements` on both of the pool's connections: for each run's values, or with the
 * generic plan (the plan for any values, which it takes when its estimate is no worse).
 */
async function printPlanChoices(plans: readonly { label: string; query: CompiledQuery }[]): Promise<void> {
  const clients = [await pool.connect(), await pool.connect()];
  try {
    console.log('\nhow the prepared runs were planned (pg_prepared_statements):');
    for (const { label, query } of plans) {
      let custom = 0;
      let generic = 0;
      for (const client of clients) {
        const { rows } = await client.query<{ custom_plans: string; generic_plans: string }>('select custom_plans, generic_plans from pg_prepared_statements where statement = $1', [query.sql]);
        for (const row of rows) {
          custom += Number(row.custom_plans);
          generic += Number(row.generic_plans);
        }
      }
      console.log(`  ${label.padEnd(40)} for their values ${String(custom).padStart(4)}, generic plan ${String(generic).padStart(4)}`);
    }
  } finally {
    for (const client of clients) client.release();
  }
}
