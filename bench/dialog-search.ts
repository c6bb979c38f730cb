import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { createPool } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import type { DB } from '../db/types';
import { dialogSight } from '../domain/dialog-lifecycle/access';
import type { HistoryFilters, HistorySort } from '../domain/dialog-search';
import { searchDialogs } from '../db/queries/dialog-search';
import { inboxScaleOptions, inboxScaleShape, loadInboxScaleData, operatorId, supervisorId } from './support/inbox-scale-data';
import { summarize } from './support/percentiles';
import { createScratchDatabase } from './support/scratch-database';
import { benchServers } from './support/servers';

/**
 * `npm run bench:search` — the dialog history at a large centre's size. Loads 1,000,000 dialogs
 * and about 10,000,000 messages with the inbox-scale loader (bench/support/inbox-scale-data.ts),
 * adds a Russian message to every 50th dialog, then times the product's own history query
 * (db/queries/dialog-search.ts) for filtered lists (target p95 <= 50 ms) and text searches
 * (target p95 <= 200 ms), for operators and a supervisor, and prints each plan with
 * EXPLAIN (ANALYZE, BUFFERS).
 *
 *   --dialogs 1000000  --messages-per-dialog 10  --operators 50  --lines 20  --open 3000
 *   --iterations 30    timed runs of each case per user
 *   --trigram          also build a pg_trgm index and time ILIKE for the same texts (the alternative)
 *   --keep / --reuse   as bench:inbox-scale
 */
const { values } = parseArgs({
  options: {
    ...inboxScaleOptions,
    iterations: { type: 'string', default: '30' },
    users: { type: 'string', default: '4' },
    trigram: { type: 'boolean', default: false },
  },
});
const shape = inboxScaleShape(values);
const iterations = Number(values.iterations);
const timedOperators = Math.min(Number(values.users), shape.operators);

const servers = await benchServers();
const scratch = await createScratchDatabase(servers.databaseUrl, 'openlines_dialog_search', { reuse: values.reuse });
const pool = createPool(scratch.url, { max: 2 });
let lastQuery: CompiledQuery | undefined;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query' && !event.query.sql.includes('ts_headline') && !event.query.sql.includes('unnest')) lastQuery = event.query;
  },
});

try {
  console.log(`bench:search: ${shape.dialogs.toLocaleString('en')} dialogs, ~${(shape.dialogs * shape.meanMessages).toLocaleString('en')} messages, ${shape.lines} lines, ${shape.operators} operators`);
  await migrateToLatest(scratch.url);
  const loadStarted = performance.now();
  if (!values.reuse) {
    await loadInboxScaleData(db, shape, (line) => console.log(line));
    const started = performance.now();
    await sql`insert into messages (dialog_id, channel_id, author_kind, text, created_at)
      select d.id, d.channel_id, 'client', 'Здравствуйте! Хочу оформить возврат денег за заказ ' || d.id || ', товар пришёл повреждённым.', d.created_at + interval '5 seconds'
      from dialogs d where d.id % 50 = 0`.execute(db);
    await sql`vacuum (analyze) messages`.execute(db);
    console.log(`  ${'Russian messages in every 50th dialog'.padEnd(52)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  }
  const sizes = await pool.query<{ dialogs: string; messages: string; total: string; fts: string }>(
    `select (select count(*) from dialogs) dialogs, (select count(*) from messages) messages, pg_size_pretty(pg_database_size(current_database())) total,
            pg_size_pretty(pg_relation_size('messages_search_idx')) fts`,
  );
  const size = sizes.rows[0]!;
  console.log(`loaded ${Number(size.dialogs).toLocaleString('en')} dialogs and ${Number(size.messages).toLocaleString('en')} messages (${size.total}; FTS index ${size.fts}) in ${((performance.now() - loadStarted) / 60_000).toFixed(1)} min`);

  const operators = Array.from({ length: timedOperators }, (_, i) => operatorId(1 + Math.floor((i * shape.operators) / timedOperators)));
  const search = (userId: string, role: 'manager' | 'director', filters: HistoryFilters, sort: HistorySort = 'newest') =>
    searchDialogs(db, { viewerId: userId, sight: dialogSight({ id: userId, role }), filters, timeZone: 'UTC', sort, cursor: null, limit: 30 });
  const someOrder = Math.floor(shape.dialogs * 0.37) + 1;
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  type Case = { label: string; kind: 'list' | 'text'; users: string[]; run: (userId: string) => Promise<unknown> };
  const cases: Case[] = [
    { label: 'operator: all my dialogs, newest', kind: 'list', users: operators, run: (u) => search(u, 'manager', {}) },
    { label: 'operator: my closed, created last month', kind: 'list', users: operators, run: (u) => search(u, 'manager', { statuses: ['closed'], createdFrom: monthAgo }) },
    { label: 'operator: client waits for an answer, last activity', kind: 'list', users: operators, run: (u) => search(u, 'manager', { statuses: ['in_work'] }, 'activity') },
    { label: 'supervisor: line 3, closed, last week', kind: 'list', users: [supervisorId], run: (u) => search(u, 'director', { lineId: 3, statuses: ['closed'], closedFrom: weekAgo }) },
    { label: 'supervisor: one operator, oldest first', kind: 'list', users: [supervisorId], run: (u) => search(u, 'director', { operatorId: operatorId(7) }, 'oldest') },
    { label: 'supervisor: unrated, line 5', kind: 'list', users: [supervisorId], run: (u) => search(u, 'director', { rating: 'unrated', lineId: 5 }) },
    { label: 'operator: text "question" (in most dialogs)', kind: 'text', users: operators, run: (u) => search(u, 'manager', { q: 'question' }) },
    { label: `operator: text "order ${someOrder}" (one dialog)`, kind: 'text', users: operators, run: (u) => search(u, 'manager', { q: `order ${someOrder}` }) },
    { label: 'operator: text "возврат денег"', kind: 'text', users: operators, run: (u) => search(u, 'manager', { q: 'возврат денег' }) },
    { label: `supervisor: text "order ${someOrder}"`, kind: 'text', users: [supervisorId], run: (u) => search(u, 'director', { q: `order ${someOrder}` }) },
    { label: 'supervisor: text "повреждённый товар", closed', kind: 'text', users: [supervisorId], run: (u) => search(u, 'director', { q: 'повреждённый товар', statuses: ['closed'] }) },
    { label: 'supervisor: text "zebra" (no dialog)', kind: 'text', users: [supervisorId], run: (u) => search(u, 'director', { q: 'zebra' }) },
  ];

  console.log(`\ntimings (${iterations} runs per user after 3 warm-up runs; operators ${operators.join(', ')}):`);
  const plans: { label: string; query: CompiledQuery }[] = [];
  const byKind: Record<'list' | 'text', number[]> = { list: [], text: [] };
  for (const c of cases) {
    const samples: number[] = [];
    for (const userId of c.users) {
      for (let i = 0; i < 3; i++) await c.run(userId);
      for (let i = 0; i < iterations * (c.users.length === 1 ? timedOperators : 1); i++) {
        const started = performance.now();
        await c.run(userId);
        samples.push(performance.now() - started);
      }
    }
    byKind[c.kind].push(...samples);
    if (lastQuery) plans.push({ label: c.label, query: lastQuery });
    console.log(summarize(c.label, samples));
  }
  console.log(summarize('filtered lists', byKind.list) + '   target p95 <= 50 ms');
  console.log(summarize('text searches', byKind.text) + '   target p95 <= 200 ms');

  if (values.trigram) {
    // The alternative: pg_trgm over the raw text with ILIKE (no stemming: "заказы" misses "заказ").
    const started = performance.now();
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index if not exists bench_messages_trgm_idx on messages using gin (text gin_trgm_ops)`.execute(db);
    const trgmSize = await sql<{ size: string }>`select pg_size_pretty(pg_relation_size('bench_messages_trgm_idx')) size`.execute(db);
    console.log(`\npg_trgm: index built in ${((performance.now() - started) / 1000).toFixed(1)} s, ${trgmSize.rows[0]?.size}`);
    for (const phrase of ['question', `order ${someOrder}`, 'возврат денег', 'zebra']) {
      const samples: number[] = [];
      const run = () =>
        sql`select d.id from dialogs d where exists (select 1 from messages m where m.dialog_id = d.id and m.text ilike ${`%${phrase}%`}) order by d.created_at desc, d.id desc limit 31`.execute(db);
      for (let i = 0; i < 3; i++) await run();
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        await run();
        samples.push(performance.now() - t);
      }
      console.log(summarize(`supervisor: ILIKE "%${phrase}%" (pg_trgm)`, samples));
    }
    await sql`drop index bench_messages_trgm_idx`.execute(db);
  }

  for (const { label, query } of plans) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.parameters as unknown[]);
    console.log(`\n--- ${label}: EXPLAIN (ANALYZE, BUFFERS)\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  await db.destroy();
  if (values.keep) console.log(`kept: ${scratch.url}`);
  else await scratch.drop();
  await servers.stop();
}
