import { sql, type Transaction } from 'kysely';
import { lineSettingsSchema, type LineSettings } from '../../domain/line-settings';
import type { Database } from '../client';
import type { DB } from '../types';
import { isAvailableAt } from './availability';

export async function findLine(db: Database, lineId: number) {
  const row = await db.selectFrom('lines').selectAll().where('id', '=', lineId).executeTakeFirst();
  return row ? { ...row, settings: lineSettingsSchema.parse(row.settings) } : undefined;
}

/** The line's settings, and whether any operator of its queue is available at `at` (availability.ts), in one query. */
export async function findLineStaffing(db: Database, lineId: number, at: Date): Promise<{ settings: LineSettings; anyoneAvailable: boolean } | undefined> {
  const row = await db
    .selectFrom('lines as l')
    .select((eb) => [
      'l.settings',
      eb
        .exists(eb.selectFrom('line_queue_members as q').select(sql`1`.as('one')).whereRef('q.line_id', '=', 'l.id').where(isAvailableAt(sql.ref('q.user_id'), at)))
        .as('anyone_available'),
    ])
    .where('l.id', '=', lineId)
    .executeTakeFirst();
  return row ? { settings: lineSettingsSchema.parse(row.settings), anyoneAvailable: Boolean(row.anyone_available) } : undefined;
}

/** Locks the line's row until the transaction ends: concurrent saves of its settings and queue take turns. False: no such line. */
export async function lockLine(trx: Transaction<DB>, lineId: number): Promise<boolean> {
  const row = await trx.selectFrom('lines').select('id').where('id', '=', lineId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function listLines(db: Database) {
  return db
    .selectFrom('lines')
    .select((eb) => [
      'lines.id',
      'lines.name',
      'lines.created_at',
      eb.selectFrom('line_queue_members').whereRef('line_id', '=', 'lines.id').select(sql<number>`count(*)::int`.as('n')).as('queue_size'),
      eb.selectFrom('channels').whereRef('line_id', '=', 'lines.id').select(sql<number>`count(*)::int`.as('n')).as('channel_count'),
    ])
    .orderBy('lines.id')
    .execute();
}

export async function insertLine(db: Database, name: string, settings: LineSettings): Promise<number> {
  const row = await db
    .insertInto('lines')
    .values({ name, settings: JSON.stringify(settings) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves the line's name and settings, and its retention when given (undefined: kept; null: keep dialogs forever). */
export async function updateLine(db: Database, lineId: number, name: string, settings: LineSettings, retentionDays?: number | null) {
  return db
    .updateTable('lines')
    .set({ name, settings: JSON.stringify(settings), updated_at: new Date(), ...(retentionDays !== undefined ? { retention_days: retentionDays } : {}) })
    .where('id', '=', lineId)
    .executeTakeFirst();
}

/** The line's queue in order, with each member's user record. */
export async function listQueue(db: Database, lineId: number) {
  return db
    .selectFrom('line_queue_members as q')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .select(['q.user_id', 'q.position', 'q.last_assigned_at', 'u.name', 'u.email', 'u.active', 'u.role'])
    .where('q.line_id', '=', lineId)
    .orderBy('q.position')
    .execute();
}

/** Replaces the queue with `userIds` in that order, keeping each kept member's last assignment time. */
export async function replaceQueue(db: Database, lineId: number, userIds: readonly string[]) {
  const existing = await db
    .selectFrom('line_queue_members')
    .select(['user_id', 'last_assigned_at'])
    .where('line_id', '=', lineId)
    .execute();
  const lastAssigned = new Map(existing.map((m) => [m.user_id, m.last_assigned_at]));
  await db.deleteFrom('line_queue_members').where('line_id', '=', lineId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('line_queue_members')
    .values(userIds.map((userId, position) => ({ line_id: lineId, user_id: userId, position, last_assigned_at: lastAssigned.get(userId) ?? null })))
    .execute();
}

export async function lineIdsOfMember(db: Database, userId: string): Promise<number[]> {
  const rows = await db.selectFrom('line_queue_members').select('line_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.line_id);
}

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
