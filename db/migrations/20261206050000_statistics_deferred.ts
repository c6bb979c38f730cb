import { sql, type Kysely } from 'kysely';
import { dailyChangeFunction } from './20261206020000_statistics_rollup';

// Frozen once landed. The statistics roll-up (dialog_stats_daily and its month rows) folded in
// after the fact instead of inside every dialog's transaction. Before, the trigger on dialog_stats
// upserted the day's 'all', 'line', 'operator' and 'full' rows (and, through them, the month rows)
// in the transaction that changed a dialog: every answer, assignment and closing in the centre
// held the same few rows until it committed, so dialogs' writes queued behind each other and,
// taking those rows in different orders (a reassignment subtracts one operator's rows and adds
// another's), deadlocked under load (`npm run bench`: "deadlock detected while inserting index
// tuple in dialog_stats_daily", 54 in one run).
//
// Now the trigger only appends the change — the row as it was (sign −1) and as it is (+1) — to
// dialog_stats_pending, which nobody updates. dialog_stats_fold() applies pending changes in the
// order they were written, with the same dialog_stats_daily_add as before, one folder at a time
// (an advisory lock), and deletes what it applied. The worker folds every few seconds; statistics
// reads fold first, so a dashboard counts everything committed before it was asked for.
export const FOLD_LOCK = 7_260_221;

/** The fold as this migration wrote it, change by change (migration 20261206060000 restores it on the way down). */
export const rowByRowFoldFunction = `function dialog_stats_fold(max_changes integer) returns integer language plpgsql as $$
  declare
    change record;
    s dialog_stats;
    applied bigint[] := '{}';
  begin
    perform pg_advisory_xact_lock(${FOLD_LOCK});
    for change in select id, sign, stats from dialog_stats_pending order by id limit max_changes loop
      s := jsonb_populate_record(null::dialog_stats, change.stats);
      perform dialog_stats_daily_add(s, change.sign);
      if change.sign < 0 then
        delete from dialog_stats_daily where dialogs = 0 and local_day = s.local_day
          and (line_id, channel_id) in ((s.line_id, s.channel_id), (0, 0)) and operator_id in (coalesce(s.operator_id, ''), '');
      end if;
      applied := applied || change.id;
    end loop;
    -- Exactly the changes applied: one committed meanwhile with a smaller id waits for the next fold.
    delete from dialog_stats_pending where id = any(applied);
    return cardinality(applied);
  end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dialog_stats_pending (
      id bigint generated always as identity primary key,
      sign smallint not null check (sign in (-1, 1)),
      stats jsonb not null
    )`.execute(db);
  await sql`
    create or replace function dialog_stats_daily_change() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then insert into dialog_stats_pending (sign, stats) values (-1, to_jsonb(old)); end if;
      if tg_op in ('INSERT', 'UPDATE') then insert into dialog_stats_pending (sign, stats) values (1, to_jsonb(new)); end if;
      return null;
    end $$`.execute(db);
  await sql.raw(`create ${rowByRowFoldFunction}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`select dialog_stats_fold(2147483647)`.execute(db);
  await sql`drop function dialog_stats_fold(integer)`.execute(db);
  await sql`create or replace ${dailyChangeFunction}`.execute(db);
  await sql`drop table dialog_stats_pending`.execute(db);
}
