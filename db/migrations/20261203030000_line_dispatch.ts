import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per line: dispatch passes asked for and passes done. A caller that finds a pass running
  // leaves its request here; the running holder sees `requested` move and runs another pass.
  await db.schema
    .createTable('line_dispatch')
    .addColumn('line_id', 'integer', (c) => c.primaryKey().references('lines.id').onDelete('cascade'))
    .addColumn('requested', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // A dialog whose workflow asks to be offered on a line: its routing flow's mode override and the
  // operators who already let it pass. The line's dispatcher plans every waiting dialog at once,
  // so each one's passes must be known to it. `offered_at`: a pass offered it and told its
  // workflow; the row goes when the workflow has picked the offer up (offerDialog returned it), so
  // a signal the workflow missed is sent again.
  await db.schema
    .createTable('dialog_routing_requests')
    .addColumn('dialog_id', 'integer', (c) => c.primaryKey().references('dialogs.id').onDelete('cascade'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    .addColumn('mode', 'text')
    .addColumn('passed_by', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('offered_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('dialog_routing_requests_line_idx').on('dialog_routing_requests').column('line_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dialog_routing_requests').ifExists().execute();
  await db.schema.dropTable('line_dispatch').ifExists().execute();
}
