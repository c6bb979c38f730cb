import { sql, type Kysely } from 'kysely';

// Frozen once landed. Files' bytes move to a file store (disk under DATA_DIR or S3): a row keeps its
// description and the storage key. Rows stored before keep their bytes in `data` and are read from
// there, so every file stored before the upgrade still opens.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('files').addColumn('storage_key', 'text', (c) => c.unique()).execute();
  await db.schema.alterTable('files').alterColumn('data', (c) => c.dropNotNull()).execute();
  await db.schema
    .alterTable('files')
    .addCheckConstraint('files_bytes_somewhere', sql`data is not null or storage_key is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Files whose bytes live only in the store cannot go back into `data`: refuse rather than lose them.
  const { rows } = await sql<{ count: string }>`select count(*) as count from files where data is null`.execute(db);
  if (Number(rows[0]?.count ?? 0) > 0) {
    throw new Error('files: some files are kept only in the file store (data is null); copy their bytes into files.data before migrating down');
  }
  await db.schema.alterTable('files').dropConstraint('files_bytes_somewhere').execute();
  await db.schema.alterTable('files').dropColumn('storage_key').execute();
  await db.schema.alterTable('files').alterColumn('data', (c) => c.setNotNull()).execute();
}
