import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dialogs')
    // Pinned: the dialog stays with its operator whatever their availability (SPEC §4 rule 6).
    .addColumn('pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    // A supervisor's own rating of the operator's work, and their comment (SPEC §3 rating).
    .addColumn('supervisor_rating', 'integer', (c) => c.check(sql`supervisor_rating between 1 and 5`))
    .addColumn('supervisor_comment', 'text')
    .addColumn('supervisor_rated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('supervisor_rated_at', 'timestamptz')
    // How often the dialog was reopened inside the line's reopen window.
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Colleagues invited into a dialog: they see it and may answer beside its operator.
  await db.schema
    .createTable('dialog_participants')
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dialog_participants_pk', ['dialog_id', 'user_id'])
    .execute();
  await db.schema.createIndex('dialog_participants_user_idx').on('dialog_participants').column('user_id').execute();

  // "Recently closed dialog of this client on this line" for the reopen window.
  await sql`create index dialogs_recently_closed on dialogs (line_id, contact_id, closed_at desc) where status = 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dialogs_recently_closed`.execute(db);
  await db.schema.dropTable('dialog_participants').ifExists().execute();
  await db.schema
    .alterTable('dialogs')
    .dropColumn('pinned')
    .dropColumn('supervisor_rating')
    .dropColumn('supervisor_comment')
    .dropColumn('supervisor_rated_by')
    .dropColumn('supervisor_rated_at')
    .dropColumn('reopened_count')
    .execute();
}
