import { sql, type Kysely } from 'kysely';

// Frozen once landed. Dialog history and full-text search (`npm run bench:search` measured these).
export async function up(db: Kysely<any>): Promise<void> {
  // One vector for Russian and English: PostgreSQL's `russian` configuration stems Cyrillic words
  // with the Russian stemmer and Latin ones with the English stemmer (and drops both stop lists).
  // Stored, so a match is checked without re-parsing the text.
  await sql`alter table messages add column search_vector tsvector generated always as (to_tsvector('russian'::regconfig, text)) stored`.execute(db);
  await sql`create index messages_search_idx on messages using gin (search_vector)`.execute(db);
  // History sorted by creation, for everyone and for one operator's own dialogs.
  await sql`create index dialogs_created_idx on dialogs (created_at desc, id desc)`.execute(db);
  await sql`create index dialogs_operator_created_idx on dialogs (operator_id, created_at desc, id desc) where operator_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dialogs_operator_created_idx`.execute(db);
  await sql`drop index if exists dialogs_created_idx`.execute(db);
  await sql`drop index if exists messages_search_idx`.execute(db);
  await sql`alter table messages drop column if exists search_vector`.execute(db);
}
