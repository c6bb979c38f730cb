import { sql, type Kysely } from 'kysely';

// Frozen once landed. Staff management: each user's language, and one-time links (an invitation
// or a password reset) by which a user sets their own password. Only a SHA-256 of a link's token
// is stored: reading the table does not give anyone a working link.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en').check(sql`locale in ('en','ru')`))
    .execute();
  await db.schema
    .createTable('user_invitations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('user_invitations_user_idx').on('user_invitations').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_invitations').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
