import { sql, type Kysely } from 'kysely';

// Frozen once landed. The inbox at a million dialogs and ten million messages
// (`npm run bench:inbox-scale`; open-dialog filters already use dialogs_one_open_per_contact).
export async function up(db: Kysely<any>): Promise<void> {
  // The "All" tab pages through every dialog newest first: without it, each page sorts them all.
  await sql`create index dialogs_updated_idx on dialogs (updated_at desc, id desc)`.execute(db);
  // The queue tab and count: unassigned waiting dialogs, most urgent first (a few hundred rows).
  await sql`create index dialogs_queue_idx on dialogs (priority desc, created_at, id) where operator_id is null and status in ('queued', 'offered')`.execute(db);
  // Each row's preview: the latest message people wrote, else the latest at all — the list's
  // ORDER BY exactly, so one index entry answers it instead of reading the dialog's every message.
  await sql`create index messages_dialog_preview_idx on messages (dialog_id, (author_kind in ('client', 'operator')) desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_dialog_preview_idx`.execute(db);
  await sql`drop index if exists dialogs_queue_idx`.execute(db);
  await sql`drop index if exists dialogs_updated_idx`.execute(db);
}
