import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { createPool } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { backfillDialogStatsDaily } from '../db/migrations/20261206020000_statistics_rollup';
import { backfillDialogStatsMonthly } from '../db/migrations/20261206020100_statistics_monthly';
import {
  dialogFiguresByChannel,
  dialogFiguresByDay,
  dialogFiguresByLine,
  dialogFiguresByOperator,
  dialogFiguresTotal,
  dialogLoadByHour,
  listOperatorStateIntervals,
} from '../db/queries/statistics';
import type { DB } from '../db/types';
import { goodRatings, periodInstants, recentPeriod, starRatings, type StatisticsFilters } from '../domain/statistics';
import { getStatisticsDashboard } from '../web/server/services/statistics';
import { inboxScaleOptions, inboxScaleShape, loadInboxScaleData, operatorId } from './support/inbox-scale-data';
import { percentile, summarize } from './support/percentiles';
import { createScratchDatabase } from './support/scratch-database';
import { benchServers } from './support/servers';

/**
 * `npm run bench:statistics` — statistics dashboards at a large centre's size. Loads the inbox
 * bench's 1,000,000 dialogs (bench/support/inbox-scale-data.ts, one a minute: about two years),
 * their summary rows (the loader writes with triggers off, so they are derived here the way the
 * triggers would have written them, with varied answer times, ratings and leads), the daily
 * roll-up from them and its month rows (the migrations' set-based backfills) and a year of
 * operators' presence intervals; then times whole dashboards (statistics service, all its queries)
 * and prints p95 per dashboard (target ≤ 200 ms) and EXPLAIN (ANALYZE, BUFFERS) of each query.
 *
 *   --dialogs 1000000 --messages-per-dialog 10 (statistics never read messages: 1 loads faster)
 *   --iterations 30   timed runs of each dashboard   --keep / --reuse as bench:inbox-scale
 */
const { values } = parseArgs({ options: { ...inboxScaleOptions, iterations: { type: 'string', default: '30' } } });
const shape = inboxScaleShape(values);
const iterations = Number(values.iterations);

const servers = await benchServers();
const scratch = await createScratchDatabase(servers.databaseUrl, 'openlines_statistics', { reuse: values.reuse });
const pool = createPool(scratch.url, { max: 8 });
let logged: CompiledQuery[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => void (event.level === 'query' && logged.push(event.query)) });

try {
  console.log(`bench:statistics: ${shape.dialogs.toLocaleString('en')} dialogs, ${shape.lines} lines, ${shape.operators} operators`);
  await migrateToLatest(scratch.url);
  if (!values.reuse) {
    await loadInboxScaleData(db, shape, (line) => console.log(line));
    const started = performance.now();
    // Set-based like the migration's backfill: the roll-up trigger is off while 1,000,000 rows go in.
    await sql`alter table dialog_stats disable trigger dialog_stats_daily_on_insert_delete`.execute(db);
    await sql`insert into dialog_stats (dialog_id, line_id, channel_id, operator_id, created_at, local_day, local_hour, local_dow,
        first_answer_seconds, answered, further_answer_seconds, further_answer_count, resolution_seconds, missed, rating, supervisor_rating, became_lead, kpi_violations)
      select d.id, d.line_id, d.channel_id, d.operator_id, d.created_at,
        (d.created_at at time zone 'Europe/Moscow')::date, extract(hour from d.created_at at time zone 'Europe/Moscow'), extract(isodow from d.created_at at time zone 'Europe/Moscow'),
        case when d.first_answer_at is not null then 20 + (d.id::bigint * 7919) % 600 end, d.first_answer_at is not null,
        case when d.id % 3 = 0 then (d.id::bigint * 31) % 900 else 0 end, case when d.id % 3 = 0 then 1 + d.id % 4 else 0 end,
        extract(epoch from d.closed_at - d.created_at), d.operator_id is null and d.status = 'closed' or d.id % 37 = 0,
        case d.id % 9 when 0 then 'like' when 1 then 'dislike' when 2 then (1 + d.id % 5)::text end,
        case when d.id % 50 = 0 then 1 + d.id % 5 end, d.id % 23 = 0, (d.id % 41 = 0)::int
      from dialogs d`.execute(db);
    await sql`alter table dialog_stats enable trigger dialog_stats_daily_on_insert_delete`.execute(db);
    console.log(`  summary rows ${((performance.now() - started) / 1000).toFixed(1).padStart(44)} s`);
    const rollupStarted = performance.now();
    // The month trigger is off too: the month rows come from the month migration's backfill.
    await sql`alter table dialog_stats_daily disable trigger dialog_stats_monthly_on_change`.execute(db);
    await backfillDialogStatsDaily(db);
    await sql`alter table dialog_stats_daily enable trigger dialog_stats_monthly_on_change`.execute(db);
    console.log(`  daily roll-up (the migration's backfill) ${((performance.now() - rollupStarted) / 1000).toFixed(1).padStart(16)} s`);
    const monthlyStarted = performance.now();
    await backfillDialogStatsMonthly(db);
    console.log(`  monthly roll-up (the migration's backfill) ${((performance.now() - monthlyStarted) / 1000).toFixed(1).padStart(14)} s`);
    await sql`insert into operator_state_log (user_id, presence, workday, started_at, ended_at)
      select 'bench-op-' || o, 'online', 'working', day + interval '6 hours', day + interval '14 hours'
      from generate_series(1, ${shape.operators}) o, generate_series(now()::date - 400, now()::date - 1, interval '1 day') day`.execute(db);
    await sql`vacuum (analyze) dialog_stats, dialog_stats_daily, dialog_stats_monthly, operator_state_log`.execute(db);
    console.log(`  all of the above, presence intervals, vacuum ${((performance.now() - started) / 1000).toFixed(1).padStart(12)} s`);
  }

  const month = recentPeriod(new Date(), 'Europe/Moscow', 30);
  const year = recentPeriod(new Date(), 'Europe/Moscow', 365);
  const dashboards: { label: string; filters: StatisticsFilters }[] = [
    { label: 'director: 30 days, all lines', filters: month },
    { label: 'director: 30 days, one line', filters: { ...month, lineId: 3 } },
    { label: 'operator: own 30 days', filters: { ...month, operatorId: operatorId(7) } },
    { label: 'director: 365 days, one line', filters: { ...year, lineId: 3 } },
    { label: 'director: 365 days, all lines', filters: year },
  ];
  console.log(`\ntimings of whole dashboards (7 queries in parallel; ${iterations} runs after 3 warm-ups):`);
  for (const { label, filters } of dashboards) {
    const samples: number[] = [];
    for (let i = 0; i < 3 + iterations; i++) {
      const started = performance.now();
      await getStatisticsDashboard({ db }, filters);
      if (i >= 3) samples.push(performance.now() - started);
    }
    console.log(`${summarize(label, samples)}   ${percentile(samples, 95) <= 200 ? 'ok' : 'OVER'} (target p95 <= 200 ms)`);
  }

  const rules = { goodRatings, starRatings };
  const queries = {
    total: dialogFiguresTotal,
    'by day': dialogFiguresByDay,
    'by line': dialogFiguresByLine,
    'by channel': dialogFiguresByChannel,
    'by operator': dialogFiguresByOperator,
  };
  for (const { label, filters } of [dashboards[0]!, dashboards[2]!, dashboards[4]!]) {
    const plans: [string, CompiledQuery][] = [];
    for (const [name, query] of Object.entries(queries)) {
      logged = [];
      await query(db, filters, rules);
      // Sums, then histograms (then names for the breakdowns).
      for (const [i, compiled] of logged.entries()) plans.push([`${name} (${i + 1}/${logged.length})`, compiled]);
    }
    logged = [];
    await dialogLoadByHour(db, filters);
    plans.push(['heat map', logged[0]!]);
    logged = [];
    await listOperatorStateIntervals(db, periodInstants(filters.from, filters.to, 'Europe/Moscow'), filters.operatorId ? [filters.operatorId] : undefined);
    plans.push(['presence intervals', logged[0]!]);
    for (const [name, query] of plans) {
      const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.parameters as unknown[]);
      console.log(`\n--- ${label} — ${name}: EXPLAIN (ANALYZE, BUFFERS)\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
} finally {
  await db.destroy();
  if (values.keep) console.log(`kept: ${scratch.url}`);
  else await scratch.drop();
  await servers.stop();
}
