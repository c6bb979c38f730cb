import { sql, type Kysely } from 'kysely';

// Frozen once landed. A daily roll-up of dialog_stats (issue 12): per local day and scope — 'full'
// (line, channel, operator), 'line' (line, channel), 'operator', 'all' — the counts and sums the
// dashboard shows, the dialogs per hour of the day (the heat map), and first-answer, further-answer
// and resolution times as sparse histograms in fixed buckets (domain/statistics/histogram.ts holds the
// same edges; a test keeps them equal). A trigger on dialog_stats keeps it in the same transaction:
// what a row counted before is subtracted, what it counts now added, so a dialog that moves to
// another operator, line or bucket moves with it. operator_id '' is "nobody" in the scopes with an
// operator and unused in the others; line_id and channel_id are 0 where the scope has no line.
const edges = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 17, 21, 25, 30, 36, 43, 52, 62, 74, 89, 107, 128, 154, 185, 222, 266, 319, 383, 460, 552, 662, 795, 954, 1145,
  1374, 1648, 1978, 2374, 2849, 3418, 4102, 4922, 5907, 7088, 8506, 10207, 12248, 14698, 17637, 21165, 25398, 30477, 36573, 43887, 52665, 63197, 75837,
  91004, 109205, 131046, 157256, 188707, 226448, 271738, 326085, 391302, 469563, 563475, 676170, 811404, 973685, 1168422, 1402106, 1682528, 2019033,
  2422840, 2907408,
];

/** How a contribution is added to the day row it counts in (`d`), when that row exists (the set-based fold of migration 20261206060000 adds the same way). */
export const addToDayRow = `on conflict (scope, local_day, line_id, channel_id, operator_id) do update set
        dialogs = d.dialogs + excluded.dialogs,
        missed = d.missed + excluded.missed,
        rated = d.rated + excluded.rated,
        ratings = statistics_array_add(d.ratings, excluded.ratings),
        supervisor_rated = d.supervisor_rated + excluded.supervisor_rated,
        supervisor_sum = d.supervisor_sum + excluded.supervisor_sum,
        leads = d.leads + excluded.leads,
        kpi_violations = d.kpi_violations + excluded.kpi_violations,
        hours = statistics_array_add(d.hours, excluded.hours),
        times = statistics_sparse_add(d.times, excluded.times)`;

/** The trigger function folding a dialog_stats change into the day rows (migration 20261206050000 restores it on the way down). */
export const dailyChangeFunction = sql`function dialog_stats_daily_change() returns trigger language plpgsql as $$
  begin
    if tg_op in ('UPDATE', 'DELETE') then
      perform dialog_stats_daily_add(old, -1);
      delete from dialog_stats_daily where dialogs = 0 and local_day = old.local_day
        and (line_id, channel_id) in ((old.line_id, old.channel_id), (0, 0)) and operator_id in (coalesce(old.operator_id, ''), '');
    end if;
    if tg_op in ('INSERT', 'UPDATE') then perform dialog_stats_daily_add(new, 1); end if;
    return null;
  end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dialog_stats_daily (
      scope text not null check (scope in ('full', 'line', 'operator', 'all')),
      local_day date not null,
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
      hours integer[] not null,
      times integer[] not null,
      primary key (scope, local_day, line_id, channel_id, operator_id)
    )`.execute(db);
  await sql`create index dialog_stats_daily_operator on dialog_stats_daily (scope, operator_id, local_day)`.execute(db);

  await sql.raw(`
    create function statistics_time_edges() returns integer[] language sql immutable as $$ select array[${edges.join(',')}] $$`).execute(db);
  // 1-based position in a roll-up's times array: measure 0 first answer, 1 further answer, 2 resolution.
  await sql`
    create function statistics_time_position(measure integer, seconds float8) returns integer language sql immutable as $$
      select case when seconds is null then null
        else measure * cardinality(statistics_time_edges()) + width_bucket(greatest(0, floor(seconds))::integer, statistics_time_edges()) end
    $$`.execute(db);
  // Counts of positions into an array of the given size (a one-hot histogram, summed).
  await sql`
    create function statistics_histogram_step(state integer[], size integer, a integer, b integer, c integer) returns integer[] language plpgsql immutable as $$
    begin
      if state is null then state := array_fill(0, array[size]); end if;
      if a is not null then state[a] := state[a] + 1; end if;
      if b is not null then state[b] := state[b] + 1; end if;
      if c is not null then state[c] := state[c] + 1; end if;
      return state;
    end $$`.execute(db);
  await sql`create aggregate statistics_histogram(integer, integer, integer, integer) (sfunc = statistics_histogram_step, stype = integer[])`.execute(db);
  await sql`
    create function statistics_array_add(a integer[], b integer[]) returns integer[] language sql immutable as $$
      select array_agg(x + y order by i) from unnest(a, b) with ordinality u(x, y, i)
    $$`.execute(db);
  // The times histograms are sparse (a day of one operator on one line has a few dialogs): only
  // buckets with dialogs are stored, each as position × 2^20 + count, in position order; a negative
  // element is a count to subtract (−(position × 2^20 + 1)). Sums read only what is there.
  await sql`
    create function statistics_sparse(dense integer[]) returns integer[] language sql immutable as $$
      select coalesce(array_agg(i::integer * 1048576 + n order by i), '{}') from unnest(dense) with ordinality u(n, i) where n <> 0
    $$`.execute(db);
  await sql`
    create function statistics_sparse_add(a integer[], b integer[]) returns integer[] language sql immutable as $$
      select coalesce(array_agg(position * 1048576 + n order by position), '{}') from (
        select abs(e) / 1048576 as position, sum(sign(e) * (abs(e) % 1048576))::integer as n
        from (select unnest(a) as e union all select unnest(b)) u
        group by 1 having sum(sign(e) * (abs(e) % 1048576)) <> 0) c
    $$`.execute(db);

  // One dialog's contribution to its four roll-up rows, times sign (+1 or −1), as the rows it upserts.
  await sql`
    create function dialog_stats_daily_add(s dialog_stats, sign integer) returns void language plpgsql as $$
    begin
      insert into dialog_stats_daily as d (scope, local_day, line_id, channel_id, operator_id, dialogs, missed, rated, ratings,
        supervisor_rated, supervisor_sum, leads, kpi_violations, hours, times)
      select scope.name, s.local_day,
        case when scope.name in ('full', 'line') then s.line_id else 0 end,
        case when scope.name in ('full', 'line') then s.channel_id else 0 end,
        case when scope.name in ('full', 'operator') then coalesce(s.operator_id, '') else '' end,
        sign, sign * s.missed::integer, sign * (s.rating is not null)::integer,
        (select array_agg(sign * (s.rating is not distinct from v)::integer order by i) from unnest(array['like', 'dislike', '1', '2', '3', '4', '5']) with ordinality r(v, i)),
        sign * (s.supervisor_rating is not null)::integer, sign * coalesce(s.supervisor_rating, 0), sign * s.became_lead::integer, sign * s.kpi_violations,
        (select array_agg(sign * x) from unnest(statistics_histogram_step(null, 24, s.local_hour + 1, null, null)) x),
        (select coalesce(array_agg(sign * (p * 1048576 + 1)), '{}') from unnest(array[
            statistics_time_position(0, s.first_answer_seconds),
            statistics_time_position(1, s.further_answer_seconds::float8 / nullif(s.further_answer_count, 0)),
            statistics_time_position(2, s.resolution_seconds)]) p where p is not null)
      from (values ('full'), ('line'), ('operator'), ('all')) scope(name)
      ${sql.raw(addToDayRow)};
    end $$`.execute(db);
  await sql`create ${dailyChangeFunction}`.execute(db);
  await sql`create trigger dialog_stats_daily_on_insert_delete after insert or delete on dialog_stats for each row execute function dialog_stats_daily_change()`.execute(db);
  await sql`
    create trigger dialog_stats_daily_on_update after update on dialog_stats for each row
    when ((old.line_id, old.channel_id, old.operator_id, old.local_day, old.local_hour, old.first_answer_seconds, old.further_answer_seconds,
           old.further_answer_count, old.resolution_seconds, old.missed, old.rating, old.supervisor_rating, old.became_lead, old.kpi_violations)
      is distinct from (new.line_id, new.channel_id, new.operator_id, new.local_day, new.local_hour, new.first_answer_seconds, new.further_answer_seconds,
           new.further_answer_count, new.resolution_seconds, new.missed, new.rating, new.supervisor_rating, new.became_lead, new.kpi_violations))
    execute function dialog_stats_daily_change()`.execute(db);

  await backfillDialogStatsDaily(db);
}

/** The roll-up of every dialog_stats row, set-based (the migration's backfill; the bench uses it too). */
export async function backfillDialogStatsDaily(db: Kysely<any>): Promise<void> {
  await sql`
    insert into dialog_stats_daily (scope, local_day, line_id, channel_id, operator_id, dialogs, missed, rated, ratings,
      supervisor_rated, supervisor_sum, leads, kpi_violations, hours, times)
    select scope.name, s.local_day,
      case when scope.name in ('full', 'line') then s.line_id else 0 end as line_key,
      case when scope.name in ('full', 'line') then s.channel_id else 0 end as channel_key,
      case when scope.name in ('full', 'operator') then coalesce(s.operator_id, '') else '' end as operator_key,
      count(*), count(*) filter (where s.missed), count(s.rating),
      statistics_histogram(7, array_position(array['like', 'dislike', '1', '2', '3', '4', '5'], s.rating), null, null),
      count(s.supervisor_rating), coalesce(sum(s.supervisor_rating), 0), count(*) filter (where s.became_lead), coalesce(sum(s.kpi_violations), 0),
      statistics_histogram(24, s.local_hour + 1, null, null),
      statistics_sparse(statistics_histogram(3 * cardinality(statistics_time_edges()),
        statistics_time_position(0, s.first_answer_seconds),
        statistics_time_position(1, s.further_answer_seconds::float8 / nullif(s.further_answer_count, 0)),
        statistics_time_position(2, s.resolution_seconds)))
    from dialog_stats s cross join (values ('full'), ('line'), ('operator'), ('all')) scope(name)
    group by scope.name, s.local_day, line_key, channel_key, operator_key`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger dialog_stats_daily_on_update on dialog_stats`.execute(db);
  await sql`drop trigger dialog_stats_daily_on_insert_delete on dialog_stats`.execute(db);
  await sql`drop function dialog_stats_daily_change()`.execute(db);
  await sql`drop function dialog_stats_daily_add(dialog_stats, integer)`.execute(db);
  await sql`drop function statistics_sparse_add(integer[], integer[])`.execute(db);
  await sql`drop function statistics_sparse(integer[])`.execute(db);
  await sql`drop function statistics_array_add(integer[], integer[])`.execute(db);
  await sql`drop aggregate statistics_histogram(integer, integer, integer, integer)`.execute(db);
  await sql`drop function statistics_histogram_step(integer[], integer, integer, integer, integer)`.execute(db);
  await sql`drop function statistics_time_position(integer, float8)`.execute(db);
  await sql`drop function statistics_time_edges()`.execute(db);
  await sql`drop table dialog_stats_daily`.execute(db);
}
