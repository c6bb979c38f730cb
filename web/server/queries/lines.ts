import type { Database } from '../../../db/client';

export async function findLineNames(db: Database, lineIds: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(lineIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('lines').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every line by name: the targets of a transfer to another line's queue. */
export async function listLineNames(db: Database) {
  return db.selectFrom('lines').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}
