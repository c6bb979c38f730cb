import type { Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // How far each scheduled job has covered the clock: the next run starts its window there, so a
  // skipped or failed run (worker down, overlap) leaves no gap (workflows/availability-clock.ts).
  await db.schema
    .createTable('scheduler_marks')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The availability clock asks every minute which absences started or ended in its window.
  await db.schema.createIndex('user_absences_starts_at_idx').on('user_absences').column('starts_at').execute();
  await db.schema.createIndex('user_absences_ends_at_idx').on('user_absences').column('ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('user_absences_ends_at_idx').ifExists().execute();
  await db.schema.dropIndex('user_absences_starts_at_idx').ifExists().execute();
  await db.schema.dropTable('scheduler_marks').ifExists().execute();
}
