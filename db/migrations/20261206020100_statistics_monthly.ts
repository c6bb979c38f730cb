import { sql, type Kysely } from 'kysely';

// Frozen once landed. A monthly grain for the statistics roll-up (issue 12): dialog_stats_monthly
// holds, per scope and local month (its first day), the sums of that month's dialog_stats_daily
// rows — the same counts, sums and sparse time histograms (no hours: the heat map and the per-day
// view read day rows). A trigger on dialog_stats_daily keeps it in the same transaction, with the
// same subtract-old/add-new rule: whatever a day row held before a change is subtracted from its
// month row and what it holds now added (so it follows the daily trigger on dialog_stats). A period
// reads whole months here and the days at its ends from the daily rows
// (domain/statistics/period-split.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dialog_stats_monthly (
      scope text not null check (scope in ('full', 'line', 'operator', 'all')),
      local_month date not null check (extract(day from local_month) = 1),
      line_id integer not null,
      channel_id integer not null,
      operator_id text not null,
      dialogs integer not null,
      missed integer not null,
      rated integer not null,
      ratings integer[] not null,
      supervisor_rated integer not null,
      supervisor_sum integer not null,
      leads integer not null,
      kpi_violations integer not null,
      times integer[] not null,
      primary key (scope, local_month, line_id, channel_id, operator_id)
    )`.execute(db);
  await sql`create index dialog_stats_monthly_operator on dialog_stats_monthly (scope, operator_id, local_month)`.execute(db);

  // One day row's figures, times sign (+1 or −1), added to its month row. A sparse element
  // position × 2^20 + n negated subtracts n (statistics_sparse_add).
  await sql`
    create function dialog_stats_monthly_add(d dialog_stats_daily, sign integer) returns void language plpgsql as $$
    begin
      insert into dialog_stats_monthly as m (scope, local_month, line_id, channel_id, operator_id, dialogs, missed, rated, ratings,
        supervisor_rated, supervisor_sum, leads, kpi_violations, times)
      values (d.scope, date_trunc('month', d.local_day)::date, d.line_id, d.channel_id, d.operator_id,
        sign * d.dialogs, sign * d.missed, sign * d.rated, (select array_agg(sign * x order by i) from unnest(d.ratings) with ordinality r(x, i)),
        sign * d.supervisor_rated, sign * d.supervisor_sum, sign * d.leads, sign * d.kpi_violations,
        (select coalesce(array_agg(sign * e order by i), '{}') from unnest(d.times) with ordinality t(e, i)))
      on conflict (scope, local_month, line_id, channel_id, operator_id) do update set
        dialogs = m.dialogs + excluded.dialogs,
        missed = m.missed + excluded.missed,
        rated = m.rated + excluded.rated,
        ratings = statistics_array_add(m.ratings, excluded.ratings),
        supervisor_rated = m.supervisor_rated + excluded.supervisor_rated,
        supervisor_sum = m.supervisor_sum + excluded.supervisor_sum,
        leads = m.leads + excluded.leads,
        kpi_violations = m.kpi_violations + excluded.kpi_violations,
        times = statistics_sparse_add(m.times, excluded.times);
    end $$`.execute(db);
  await sql`
    create function dialog_stats_monthly_change() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform dialog_stats_monthly_add(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform dialog_stats_monthly_add(new, 1); end if;
      if tg_op in ('UPDATE', 'DELETE') then
        delete from dialog_stats_monthly where dialogs = 0 and scope = old.scope and local_month = date_trunc('month', old.local_day)::date
          and line_id = old.line_id and channel_id = old.channel_id and operator_id = old.operator_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger dialog_stats_monthly_on_change after insert or update or delete on dialog_stats_daily for each row execute function dialog_stats_monthly_change()`.execute(db);

  await backfillDialogStatsMonthly(db);
}

/** The month rows of every day row, set-based (the migration's backfill; the bench uses it too). */
export async function backfillDialogStatsMonthly(db: Kysely<any>): Promise<void> {
  await sql`
    with days as (select d.*, date_trunc('month', d.local_day)::date as month from dialog_stats_daily d),
    buckets as (
      select scope, month, line_id, channel_id, operator_id, e / 1048576 as position, sum(e % 1048576)::integer as n
      from days, unnest(days.times) e group by 1, 2, 3, 4, 5, 6),
    times as (
      select scope, month, line_id, channel_id, operator_id, array_agg(position * 1048576 + n order by position) as times
      from buckets group by 1, 2, 3, 4, 5)
    insert into dialog_stats_monthly (scope, local_month, line_id, channel_id, operator_id, dialogs, missed, rated, ratings,
      supervisor_rated, supervisor_sum, leads, kpi_violations, times)
    select s.scope, s.month, s.line_id, s.channel_id, s.operator_id, s.dialogs, s.missed, s.rated, s.ratings,
      s.supervisor_rated, s.supervisor_sum, s.leads, s.kpi_violations, coalesce(t.times, '{}')
    from (
      select scope, month, line_id, channel_id, operator_id, sum(dialogs) as dialogs, sum(missed) as missed, sum(rated) as rated,
        -- Every ratings array has the 7 rating values: the 2-d aggregate unnests row by row.
        (select array_agg(n order by i) from (select (j - 1) % 7 + 1 as i, sum(x)::integer as n
          from unnest(array_agg(days.ratings)) with ordinality a(x, j) group by 1) r) as ratings,
        sum(supervisor_rated) as supervisor_rated, sum(supervisor_sum) as supervisor_sum, sum(leads) as leads, sum(kpi_violations) as kpi_violations
      from days group by 1, 2, 3, 4, 5) s
    left join times t using (scope, month, line_id, channel_id, operator_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger dialog_stats_monthly_on_change on dialog_stats_daily`.execute(db);
  await sql`drop function dialog_stats_monthly_change()`.execute(db);
  await sql`drop function dialog_stats_monthly_add(dialog_stats_daily, integer)`.execute(db);
  await sql`drop table dialog_stats_monthly`.execute(db);
}
