import { sql, type Kysely } from 'kysely';

// Frozen once landed. The widget's wait estimate reads a line's most recently accepted dialogs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dialogs_line_accepted_idx on dialogs (line_id, accepted_at desc) where accepted_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dialogs_line_accepted_idx`.execute(db);
}
