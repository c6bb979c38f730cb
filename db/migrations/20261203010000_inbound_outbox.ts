import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // A client message's signal to its dialog workflow, written in the transaction that stores the
  // message: when Temporal is unreachable the message is not orphaned, the sweeper in the worker
  // delivers it later (worker/outbox-sweeper.ts). A row is deleted once delivered.
  await db.schema
    .createTable('inbound_outbox')
    .addColumn('message_id', 'bigint', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('dialog_id', 'integer', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    // The DialogWorkflowInput used when no run is going (signal-with-start).
    .addColumn('workflow_input', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    // Not before then: the back-off after a failure, or the lease of whoever is delivering it now.
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Per dialog in message order: only the oldest pending row of a dialog is delivered.
  await db.schema.createIndex('inbound_outbox_dialog_idx').on('inbound_outbox').columns(['dialog_id', 'message_id']).execute();
  await db.schema.createIndex('inbound_outbox_due_idx').on('inbound_outbox').column('next_attempt_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_outbox').ifExists().execute();
}
