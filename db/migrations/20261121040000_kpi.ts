import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per answer-time limit a dialog went over (SPEC §3 KPI, §8 "KPI violations").
  await db.schema
    .createTable('kpi_violations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    // Who owed the answer; null while the dialog waited in the queue.
    .addColumn('operator_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('first_answer','further_answer')`))
    .addColumn('limit_minutes', 'integer', (c) => c.notNull().check(sql`limit_minutes > 0`))
    .addColumn('waiting_since', 'timestamptz', (c) => c.notNull())
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A retried activity (or a replayed timer) records the same waiting period once.
    .addUniqueConstraint('kpi_violations_once', ['dialog_id', 'kind', 'waiting_since'])
    .execute();
  // Statistics filter by period, and by operator or line within it.
  await db.schema.createIndex('kpi_violations_detected_idx').on('kpi_violations').column('detected_at').execute();
  await db.schema.createIndex('kpi_violations_operator_idx').on('kpi_violations').columns(['operator_id', 'detected_at']).execute();
  await db.schema.createIndex('kpi_violations_line_idx').on('kpi_violations').columns(['line_id', 'detected_at']).execute();

  // A user's inbox of alerts (SPEC §5 notifications): KPI alerts today, other kinds later.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dialog_id', 'integer', (c) => c.references('dialogs.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  // "My latest" and, small and hot, "my unread" (the bell's count and the top of the list).
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id desc']).execute();
  await sql`create index notifications_unread_idx on notifications (user_id, id desc) where read_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').ifExists().execute();
  await db.schema.dropTable('kpi_violations').ifExists().execute();
}
