import { sql, type Kysely } from 'kysely';

// Frozen once landed. Quick answers (SPEC §5): saved replies of one line or of everyone, with
// their files (stored in `files` with no dialog) and how often operators inserted them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quick_answers')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // Null: every line's operators may use it.
    .addColumn('line_id', 'integer', (c) => c.references('lines.id').onDelete('cascade'))
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('quick_answers_line_idx').on('quick_answers').column('line_id').execute();
  await db.schema
    .createTable('quick_answer_files')
    .addColumn('quick_answer_id', 'integer', (c) => c.notNull().references('quick_answers.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quick_answer_files_pk', ['quick_answer_id', 'file_id'])
    .execute();
  // A file belongs to at most one quick answer.
  await db.schema.createIndex('quick_answer_files_file_idx').on('quick_answer_files').column('file_id').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quick_answer_files').execute();
  await db.schema.dropTable('quick_answers').execute();
}
