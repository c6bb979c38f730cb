import type { Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // Fixed-window counters of the public endpoints' limits, shared by every web server
  // (db/queries/rate-limits.ts): one row per limited key, reset in place when its window turns.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expires_at_idx').on('rate_limits').column('expires_at').execute();

  // Failed sign-ins per submitted e-mail address (hashed: the address may belong to nobody), for
  // the growing wait after repeated failures (domain/sign-in-backoff.ts).
  await db.schema
    .createTable('sign_in_backoffs')
    .addColumn('account_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_backoffs_last_attempt_at_idx').on('sign_in_backoffs').column('last_attempt_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_backoffs').ifExists().execute();
  await db.schema.dropTable('rate_limits').ifExists().execute();
}
