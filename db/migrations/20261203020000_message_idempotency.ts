import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // The key of the activity call (or the operator's browser) that wrote an outgoing message: a
  // retried activity or a resent reply finds its message instead of storing a second one.
  // NULLs are distinct, so messages without a key (client messages, notes, old rows) never clash.
  await db.schema.alterTable('messages').addColumn('idempotency_key', 'text').execute();
  await sql`create unique index messages_idempotency_key_uq on messages (idempotency_key)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_idempotency_key_uq').ifExists().execute();
  await db.schema.alterTable('messages').dropColumn('idempotency_key').execute();
}
