import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // Users and auth tables follow better-auth's model (mapped to snake_case in web/server/auth.ts).
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('email_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('image', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('manager').check(sql`role in ('admin','director','manager')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('access_token', 'text')
    .addColumn('refresh_token', 'text')
    .addColumn('id_token', 'text')
    .addColumn('access_token_expires_at', 'timestamptz')
    .addColumn('refresh_token_expires_at', 'timestamptz')
    .addColumn('scope', 'text')
    .addColumn('password', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('lines')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('line_queue_members')
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('last_assigned_at', 'timestamptz')
    .addPrimaryKeyConstraint('line_queue_members_pk', ['line_id', 'user_id'])
    .execute();
  await db.schema.createIndex('line_queue_members_user_idx').on('line_queue_members').column('user_id').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('responsible_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('blocked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('contact_identities')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('contact_identities_channel_external_uq', ['channel_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('dialogs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('operator_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('close_reason', 'text')
    .addColumn('missed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('first_answer_at', 'timestamptz')
    .addColumn('last_client_message_at', 'timestamptz')
    .addColumn('last_operator_message_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('rated_at', 'timestamptz')
    .execute();
  // One open dialog per client per line: concurrent inbound messages cannot open two.
  await sql`create unique index dialogs_one_open_per_contact on dialogs (line_id, contact_id) where status <> 'closed'`.execute(db);
  await db.schema.createIndex('dialogs_operator_status_idx').on('dialogs').columns(['operator_id', 'status']).execute();
  await db.schema.createIndex('dialogs_line_status_idx').on('dialogs').columns(['line_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('dialogs_contact_idx').on('dialogs').columns(['contact_id', 'created_at']).execute();

  await db.schema
    .createTable('dialog_offers')
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('offered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dialog_offers_pk', ['dialog_id', 'user_id'])
    .execute();
  await db.schema.createIndex('dialog_offers_user_idx').on('dialog_offers').column('user_id').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('author_kind', 'text', (c) => c.notNull().check(sql`author_kind in ('client','operator','bot','system')`))
    .addColumn('author_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('extras', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The channel's own id of an inbound message: a re-delivered message is stored once.
    .addColumn('external_id', 'text')
    .addColumn('delivery_status', 'text', (c) => c.notNull().defaultTo('stored'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('messages_channel_external_uq', ['channel_id', 'external_id'])
    .execute();
  await db.schema.createIndex('messages_dialog_idx').on('messages').columns(['dialog_id', 'id']).execute();

  await db.schema
    .createTable('dialog_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dialog_events_dialog_idx').on('dialog_events').columns(['dialog_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dialog_events',
    'messages',
    'dialog_offers',
    'dialogs',
    'contact_identities',
    'contacts',
    'channels',
    'line_queue_members',
    'lines',
    'verifications',
    'accounts',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
