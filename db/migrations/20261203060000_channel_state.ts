import { sql, type Kysely } from 'kysely';

// Frozen once landed. Channels an admin connects (SPEC §7): switched on or off, their encrypted
// secrets, what the admin sees of their health, and a polling channel's cursor; why a message
// could not be delivered, and the threading keys of channels that thread (e-mail).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('channels')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('secrets', 'text')
    .addColumn('last_inbound_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('poll_cursor', 'text')
    .execute();
  await db.schema
    .alterTable('messages')
    .addColumn('delivery_error', 'text')
    .addColumn('thread_keys', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`create index messages_thread_keys_idx on messages using gin (thread_keys) where thread_keys <> '{}'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_thread_keys_idx`.execute(db);
  await db.schema.alterTable('messages').dropColumn('thread_keys').dropColumn('delivery_error').execute();
  await db.schema
    .alterTable('channels')
    .dropColumn('poll_cursor')
    .dropColumn('last_error_at')
    .dropColumn('last_error')
    .dropColumn('last_inbound_at')
    .dropColumn('secrets')
    .dropColumn('enabled')
    .execute();
}
