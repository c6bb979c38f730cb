import { sql, type Kysely } from 'kysely';
import { messageStatsFunction } from './20261205030000_statistics';

// Frozen once landed. A client's message in an open dialog no longer writes the dialog's row or
// its statistics row. Both writes took a row lock that the worker's changes of the dialog (a take,
// a status change, a close) also hold until they commit, so under load the client's message, and
// the live event that shows it to the operator, waited for the worker's transaction: the first
// seconds' tail of `npm run bench` (pg_stat_statements: the inbound lookup of the open dialog
// averaged 4.8 ms, at most 399 ms, 35% of all statement time).
//
// - The time of the client's last message (the WhatsApp reply window) is read from the messages
//   (the latest client message, found backwards on messages_dialog_idx) instead of being kept on
//   the dialog: dialogs.last_client_message_at is dropped.
// - Further-answer time (SPEC §8: from the first client message after an operator's reply to the
//   operator's next visible reply) is counted when the operator replies, from the messages between
//   that reply and the previous one, instead of a waiting-since mark that every client message set:
//   dialog_stats.waiting_since is dropped, and the trigger runs for operators' visible messages only.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger dialog_stats_on_message on messages`.execute(db);
  await sql`
    create or replace function dialog_stats_from_message() returns trigger language plpgsql as $$
    declare
      previous_reply bigint;
      client_waiting_since timestamptz;
    begin
      select max(id) into previous_reply from messages
        where dialog_id = new.dialog_id and author_kind = 'operator' and not hidden and id < new.id;
      select min(created_at) into client_waiting_since from messages
        where dialog_id = new.dialog_id and author_kind = 'client' and not hidden and id > coalesce(previous_reply, 0) and id < new.id;
      update dialog_stats set
        further_answer_seconds = further_answer_seconds
          + case when answered and client_waiting_since is not null then greatest(0, extract(epoch from new.created_at - client_waiting_since))::bigint else 0 end,
        further_answer_count = further_answer_count + case when answered and client_waiting_since is not null then 1 else 0 end,
        answered = true
      where dialog_id = new.dialog_id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger dialog_stats_on_message after insert on messages for each row
    when (new.author_kind = 'operator' and not new.hidden)
    execute function dialog_stats_from_message()`.execute(db);
  await sql`alter table dialog_stats drop column waiting_since`.execute(db);
  await sql`alter table dialogs drop column last_client_message_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table dialogs add column last_client_message_at timestamptz`.execute(db);
  await sql`
    update dialogs d set last_client_message_at = m.at
    from (select dialog_id, max(created_at) as at from messages where author_kind = 'client' group by dialog_id) m
    where m.dialog_id = d.id`.execute(db);
  await sql`alter table dialog_stats add column waiting_since timestamptz`.execute(db);
  // The mark as the old trigger left it: the first visible client message after the last visible operator reply.
  await sql`
    update dialog_stats s set waiting_since = w.at
    from (
      select c.dialog_id, min(c.created_at) as at from messages c
      where c.author_kind = 'client' and not c.hidden
        and c.id > coalesce((select max(o.id) from messages o where o.dialog_id = c.dialog_id and o.author_kind = 'operator' and not o.hidden), 0)
      group by c.dialog_id
    ) w
    where w.dialog_id = s.dialog_id`.execute(db);
  await sql`drop trigger dialog_stats_on_message on messages`.execute(db);
  await sql.raw(`create or replace ${messageStatsFunction}`).execute(db);
  await sql`create trigger dialog_stats_on_message after insert on messages for each row execute function dialog_stats_from_message()`.execute(db);
}
