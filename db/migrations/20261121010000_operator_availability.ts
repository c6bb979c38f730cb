import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per operator, written on their first presence or working-day change: a user without a
  // row is offline with the working day not started (the column defaults), as the routing reads it.
  await db.schema
    .createTable('operator_states')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('presence', 'text', (c) => c.notNull().defaultTo('offline').check(sql`presence in ('online','away','offline')`))
    .addColumn('workday', 'text', (c) =>
      c.notNull().defaultTo('not_started').check(sql`workday in ('not_started','working','on_break','finished')`),
    )
    .addColumn('presence_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('workday_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('user_absences')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('vacation','sick_leave','other')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('user_absences_ends_after_start', sql`ends_at > starts_at`)
    .execute();
  // "Is this user absent now / what is their next absence": absences that have not ended yet.
  await db.schema.createIndex('user_absences_user_ends_idx').on('user_absences').columns(['user_id', 'ends_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_absences').ifExists().execute();
  await db.schema.dropTable('operator_states').ifExists().execute();
}
