import { sql, type Kysely } from 'kysely';

// Frozen once landed. The inbox at a million dialogs (`npm run bench:inbox-scale`): the "All" tab
// reads the newest dialogs in (updated_at, id) order, which without this index sorts every dialog
// on each page (2 s at 1M dialogs). Open-dialog filters already use dialogs_one_open_per_contact.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dialogs_updated_idx on dialogs (updated_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dialogs_updated_idx`.execute(db);
}
