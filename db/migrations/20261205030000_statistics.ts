import { sql, type Kysely } from 'kysely';

// Frozen once landed. Statistics (SPEC §8) read a summary row per dialog, kept by triggers in the
// same transaction as the write that changes it — whichever code path writes (inbound path,
// activities, web services) — so a dashboard never scans messages. The local day, hour and weekday
// are fixed when the dialog is created, in its line's time zone (settings.workingHours.timeZone).
// Operators' presence and working-day changes are kept as intervals (operator_state_log) so
// online and working time can be summed for any period.

/** The message trigger's function as this migration wrote it (migration 20261207010000 restores it on the way down). */
export const messageStatsFunction = `function dialog_stats_from_message() returns trigger language plpgsql as $$
    begin
      if new.hidden then return null; end if;
      if new.author_kind = 'client' then
        update dialog_stats set waiting_since = coalesce(waiting_since, new.created_at) where dialog_id = new.dialog_id;
      elsif new.author_kind = 'operator' then
        update dialog_stats set
          further_answer_seconds = further_answer_seconds
            + case when answered and waiting_since is not null then greatest(0, extract(epoch from new.created_at - waiting_since))::bigint else 0 end,
          further_answer_count = further_answer_count + case when answered and waiting_since is not null then 1 else 0 end,
          answered = true,
          waiting_since = null
        where dialog_id = new.dialog_id;
      end if;
      return null;
    end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dialog_stats (
      dialog_id integer primary key references dialogs(id) on delete cascade,
      line_id integer not null,
      channel_id integer not null,
      operator_id text,
      created_at timestamptz not null,
      local_day date not null,
      local_hour smallint not null,
      local_dow smallint not null,
      first_answer_seconds integer,
      answered boolean not null default false,
      waiting_since timestamptz,
      further_answer_seconds bigint not null default 0,
      further_answer_count integer not null default 0,
      resolution_seconds integer,
      missed boolean not null default false,
      rating text,
      supervisor_rating smallint,
      became_lead boolean not null default false,
      kpi_violations integer not null default 0
    )`.execute(db);
  await sql`create index dialog_stats_day on dialog_stats (local_day)`.execute(db);
  await sql`create index dialog_stats_line_day on dialog_stats (line_id, local_day)`.execute(db);
  await sql`create index dialog_stats_operator_day on dialog_stats (operator_id, local_day)`.execute(db);

  await sql`
    create function line_time_zone(p_line_id integer) returns text language sql stable as $$
      select coalesce((select settings #>> '{workingHours,timeZone}' from lines where id = p_line_id), 'UTC')
    $$`.execute(db);

  await sql`
    create function dialog_stats_from_dialog() returns trigger language plpgsql as $$
    declare
      zone text;
      local_at timestamp;
    begin
      if tg_op = 'INSERT' then
        zone := line_time_zone(new.line_id);
        local_at := new.created_at at time zone zone;
        insert into dialog_stats (dialog_id, line_id, channel_id, operator_id, created_at, local_day, local_hour, local_dow,
          first_answer_seconds, resolution_seconds, missed, rating, supervisor_rating)
        values (new.id, new.line_id, new.channel_id, new.operator_id, new.created_at, local_at::date,
          extract(hour from local_at), extract(isodow from local_at),
          extract(epoch from new.first_answer_at - new.created_at),
          case when new.status = 'closed' then extract(epoch from new.closed_at - new.created_at) end,
          new.missed, new.rating, new.supervisor_rating);
      else
        update dialog_stats set
          line_id = new.line_id,
          channel_id = new.channel_id,
          operator_id = new.operator_id,
          first_answer_seconds = extract(epoch from new.first_answer_at - new.created_at),
          resolution_seconds = case when new.status = 'closed' then extract(epoch from new.closed_at - new.created_at) end,
          missed = new.missed,
          rating = new.rating,
          supervisor_rating = new.supervisor_rating
        where dialog_id = new.id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger dialog_stats_on_insert after insert on dialogs for each row execute function dialog_stats_from_dialog()`.execute(db);
  await sql`
    create trigger dialog_stats_on_update after update on dialogs for each row
    when (old.operator_id is distinct from new.operator_id or old.line_id is distinct from new.line_id
      or old.channel_id is distinct from new.channel_id or old.first_answer_at is distinct from new.first_answer_at
      or old.status is distinct from new.status or old.closed_at is distinct from new.closed_at
      or old.missed is distinct from new.missed or old.rating is distinct from new.rating
      or old.supervisor_rating is distinct from new.supervisor_rating)
    execute function dialog_stats_from_dialog()`.execute(db);

  // Further-answer time: from a client's message (the first of several in a row) to the operator's
  // next visible reply, for every reply after the first one.
  await sql.raw(`create ${messageStatsFunction}`).execute(db);
  await sql`create trigger dialog_stats_on_message after insert on messages for each row execute function dialog_stats_from_message()`.execute(db);

  await sql`
    create function dialog_stats_from_lead() returns trigger language plpgsql as $$
    begin
      if new.dialog_id is not null then update dialog_stats set became_lead = true where dialog_id = new.dialog_id; end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger dialog_stats_on_lead after insert on leads for each row execute function dialog_stats_from_lead()`.execute(db);

  await sql`
    create function dialog_stats_from_kpi_violation() returns trigger language plpgsql as $$
    begin
      update dialog_stats set kpi_violations = kpi_violations + 1 where dialog_id = new.dialog_id;
      return null;
    end $$`.execute(db);
  await sql`create trigger dialog_stats_on_kpi_violation after insert on kpi_violations for each row execute function dialog_stats_from_kpi_violation()`.execute(db);

  // Dialogs stored before: summarised once from their rows and messages.
  await sql`
    insert into dialog_stats (dialog_id, line_id, channel_id, operator_id, created_at, local_day, local_hour, local_dow,
      first_answer_seconds, answered, resolution_seconds, missed, rating, supervisor_rating, became_lead, kpi_violations)
    select d.id, d.line_id, d.channel_id, d.operator_id, d.created_at,
      (d.created_at at time zone line_time_zone(d.line_id))::date,
      extract(hour from d.created_at at time zone line_time_zone(d.line_id)),
      extract(isodow from d.created_at at time zone line_time_zone(d.line_id)),
      extract(epoch from d.first_answer_at - d.created_at), d.first_answer_at is not null,
      case when d.status = 'closed' then extract(epoch from d.closed_at - d.created_at) end,
      d.missed, d.rating, d.supervisor_rating,
      exists (select 1 from leads l where l.dialog_id = d.id),
      (select count(*) from kpi_violations k where k.dialog_id = d.id)
    from dialogs d`.execute(db);

  await sql`
    create table operator_state_log (
      id bigserial primary key,
      user_id text not null references users(id) on delete cascade,
      presence text not null,
      workday text not null,
      started_at timestamptz not null,
      ended_at timestamptz
    )`.execute(db);
  await sql`create index operator_state_log_user_time on operator_state_log (user_id, started_at)`.execute(db);
  await sql`create unique index operator_state_log_open on operator_state_log (user_id) where ended_at is null`.execute(db);
  await sql`
    create function operator_state_log_change() returns trigger language plpgsql as $$
    declare
      at timestamptz;
    begin
      if tg_op = 'UPDATE' and old.presence = new.presence and old.workday = new.workday then return null; end if;
      at := case when tg_op = 'UPDATE' and old.presence = new.presence then new.workday_changed_at
                 when tg_op = 'UPDATE' and old.workday = new.workday then new.presence_changed_at
                 else greatest(new.presence_changed_at, new.workday_changed_at) end;
      update operator_state_log set ended_at = greatest(started_at, at) where user_id = new.user_id and ended_at is null;
      insert into operator_state_log (user_id, presence, workday, started_at) values (new.user_id, new.presence, new.workday, at);
      return null;
    end $$`.execute(db);
  await sql`create trigger operator_state_log_on_change after insert or update on operator_states for each row execute function operator_state_log_change()`.execute(db);
  await sql`
    insert into operator_state_log (user_id, presence, workday, started_at)
    select user_id, presence, workday, greatest(presence_changed_at, workday_changed_at) from operator_states`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger operator_state_log_on_change on operator_states`.execute(db);
  await sql`drop function operator_state_log_change()`.execute(db);
  await sql`drop table operator_state_log`.execute(db);
  await sql`drop trigger dialog_stats_on_kpi_violation on kpi_violations`.execute(db);
  await sql`drop trigger dialog_stats_on_lead on leads`.execute(db);
  await sql`drop trigger dialog_stats_on_message on messages`.execute(db);
  await sql`drop trigger dialog_stats_on_update on dialogs`.execute(db);
  await sql`drop trigger dialog_stats_on_insert on dialogs`.execute(db);
  await sql`drop function dialog_stats_from_kpi_violation()`.execute(db);
  await sql`drop function dialog_stats_from_lead()`.execute(db);
  await sql`drop function dialog_stats_from_message()`.execute(db);
  await sql`drop function dialog_stats_from_dialog()`.execute(db);
  await sql`drop function line_time_zone(integer)`.execute(db);
  await sql`drop table dialog_stats`.execute(db);
}
