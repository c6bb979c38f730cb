import { sql, type Kysely } from 'kysely';
import { addToDayRow } from './20261206020000_statistics_rollup';
import { FOLD_LOCK, rowByRowFoldFunction } from './20261206050000_statistics_deferred';

// Frozen once landed. dialog_stats_fold() applied pending statistics changes one at a time: per
// change, four upserts into dialog_stats_daily, each firing the month trigger's upsert. A burst of
// dialogs on one line and day updates the same few day and month rows hundreds of times in one
// transaction, and every update leaves a row version the next one has to step over, so a fold's
// cost grew with the square of its batch: 1.4 s for the ~300 changes of a 300-dialog burst
// (`npm run bench:routing`, pg_stat_statements), on the machine's two cores beside the burst itself.
//
// Now a fold sums its batch per day row first — counts, rating and hour counts, the time buckets'
// net counts — and upserts each day row touched once (so its month row once), with the same
// arithmetic as dialog_stats_daily_add. Day rows left counting no dialog are deleted as before;
// a partial index finds them without scanning the roll-up.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dialog_stats_daily_empty on dialog_stats_daily (scope) where dialogs = 0`.execute(db);
  await sql.raw(`
    create or replace function dialog_stats_fold(max_changes integer) returns integer language plpgsql as $$
    declare
      applied bigint[];
    begin
      perform pg_advisory_xact_lock(${FOLD_LOCK});
      select coalesce(array_agg(id), '{}') into applied from (select id from dialog_stats_pending order by id limit max_changes) p;
      if cardinality(applied) = 0 then return 0; end if;
      with changes as (
        select c.sign, s.* from dialog_stats_pending c cross join lateral jsonb_populate_record(null::dialog_stats, c.stats) s
        where c.id = any(applied)
      ),
      -- Each change once per scope, under the key of the day row it counts in (as dialog_stats_daily_add).
      keyed as (
        select scope.name as scope, ch.local_day,
          case when scope.name in ('full', 'line') then ch.line_id else 0 end as line_id,
          case when scope.name in ('full', 'line') then ch.channel_id else 0 end as channel_id,
          case when scope.name in ('full', 'operator') then coalesce(ch.operator_id, '') else '' end as operator_id,
          ch.sign, ch.missed, ch.rating, ch.supervisor_rating, ch.became_lead, ch.kpi_violations, ch.local_hour,
          array[statistics_time_position(0, ch.first_answer_seconds),
                statistics_time_position(1, ch.further_answer_seconds::float8 / nullif(ch.further_answer_count, 0)),
                statistics_time_position(2, ch.resolution_seconds)] as positions
        from changes ch cross join (values ('full'), ('line'), ('operator'), ('all')) scope(name)
      ),
      summed as (
        select scope, local_day, line_id, channel_id, operator_id,
          sum(sign)::integer as dialogs, sum(sign * missed::integer)::integer as missed, sum(sign * (rating is not null)::integer)::integer as rated,
          -- The rating values in dialog_stats_daily_add's order.
          array[sum(sign * (rating is not distinct from 'like')::integer)::integer,
                sum(sign * (rating is not distinct from 'dislike')::integer)::integer,
                sum(sign * (rating is not distinct from '1')::integer)::integer,
                sum(sign * (rating is not distinct from '2')::integer)::integer,
                sum(sign * (rating is not distinct from '3')::integer)::integer,
                sum(sign * (rating is not distinct from '4')::integer)::integer,
                sum(sign * (rating is not distinct from '5')::integer)::integer] as ratings,
          sum(sign * (supervisor_rating is not null)::integer)::integer as supervisor_rated, sum(sign * coalesce(supervisor_rating, 0))::integer as supervisor_sum,
          sum(sign * became_lead::integer)::integer as leads, sum(sign * kpi_violations)::integer as kpi_violations
        from keyed group by 1, 2, 3, 4, 5
      ),
      hour_counts as (
        select scope, local_day, line_id, channel_id, operator_id, local_hour, sum(sign)::integer as n from keyed group by 1, 2, 3, 4, 5, 6
      ),
      hours as (
        select s.scope, s.local_day, s.line_id, s.channel_id, s.operator_id, array_agg(coalesce(hc.n, 0) order by h) as hours
        from summed s cross join generate_series(0, 23) h
        left join hour_counts hc on (hc.scope, hc.local_day, hc.line_id, hc.channel_id, hc.operator_id, hc.local_hour)
          = (s.scope, s.local_day, s.line_id, s.channel_id, s.operator_id, h)
        group by 1, 2, 3, 4, 5
      ),
      -- Net count per time bucket, as sparse elements: ±(position × 2^20 + |count|) (statistics_sparse_add).
      time_counts as (
        select scope, local_day, line_id, channel_id, operator_id, p, sum(sign)::integer as n
        from keyed cross join unnest(positions) p where p is not null
        group by 1, 2, 3, 4, 5, 6 having sum(sign) <> 0
      ),
      times as (
        select scope, local_day, line_id, channel_id, operator_id, array_agg(sign(n)::integer * (p * 1048576 + abs(n)) order by p) as times
        from time_counts group by 1, 2, 3, 4, 5
      )
      insert into dialog_stats_daily as d (scope, local_day, line_id, channel_id, operator_id, dialogs, missed, rated, ratings,
        supervisor_rated, supervisor_sum, leads, kpi_violations, hours, times)
      select s.scope, s.local_day, s.line_id, s.channel_id, s.operator_id, s.dialogs, s.missed, s.rated, s.ratings,
        s.supervisor_rated, s.supervisor_sum, s.leads, s.kpi_violations, h.hours, coalesce(t.times, '{}')
      from summed s
      join hours h using (scope, local_day, line_id, channel_id, operator_id)
      left join times t using (scope, local_day, line_id, channel_id, operator_id)
      ${addToDayRow};
      -- A day row whose dialogs all moved elsewhere counts nothing (the partial index finds it).
      delete from dialog_stats_daily where dialogs = 0;
      -- Exactly the changes applied: one committed meanwhile with a smaller id waits for the next fold.
      delete from dialog_stats_pending where id = any(applied);
      return cardinality(applied);
    end $$`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace ${rowByRowFoldFunction}`).execute(db);
  await sql`drop index dialog_stats_daily_empty`.execute(db);
}
