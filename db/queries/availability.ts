import { expressionBuilder, sql, type Expression, type ExpressionWrapper, type SqlBool, type Transaction } from 'kysely';
import { defaultOperatorState, type AbsenceKind, type Presence, type Workday } from '../../domain/availability';
import type { Role } from '../../domain/roles';
import type { Database } from '../client';
import type { DB } from '../types';

export interface OperatorStateRow {
  presence: Presence;
  workday: Workday;
  /** Null while the user has never changed either (no row yet). */
  presenceChangedAt: Date | null;
  workdayChangedAt: Date | null;
}

const noStateYet: OperatorStateRow = { ...defaultOperatorState, presenceChangedAt: null, workdayChangedAt: null };

/** The operator's presence and working day; a user who never set them is offline, day not started. */
export async function getOperatorState(db: Database, userId: string): Promise<OperatorStateRow> {
  const row = await db
    .selectFrom('operator_states')
    .select(['presence', 'workday', 'presence_changed_at', 'workday_changed_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? { presence: row.presence, workday: row.workday, presenceChangedAt: row.presence_changed_at, workdayChangedAt: row.workday_changed_at } : noStateYet;
}

/**
 * Locks the operator's state row (creating it with the defaults if missing) for the rest of the
 * transaction: two tabs clicking "Take a break" and "End working day" apply one after the other.
 */
export async function lockOperatorState(trx: Transaction<DB>, userId: string): Promise<OperatorStateRow> {
  await trx.insertInto('operator_states').values({ user_id: userId }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  const row = await trx
    .selectFrom('operator_states')
    .select(['presence', 'workday', 'presence_changed_at', 'workday_changed_at'])
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { presence: row.presence, workday: row.workday, presenceChangedAt: row.presence_changed_at, workdayChangedAt: row.workday_changed_at };
}

/** Sets presence and/or working day, stamping the time of whichever changed. */
export async function upsertOperatorState(db: Database, userId: string, change: { presence?: Presence; workday?: Workday }, at: Date): Promise<void> {
  const values = {
    ...(change.presence ? { presence: change.presence, presence_changed_at: at } : {}),
    ...(change.workday ? { workday: change.workday, workday_changed_at: at } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('operator_states')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

export interface AbsenceRow {
  id: number;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  kind: AbsenceKind;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** Absences oldest first; `endingAfter` leaves out those already over by then. */
export async function listAbsences(db: Database, filter: { userIds?: readonly string[]; endingAfter?: Date } = {}): Promise<AbsenceRow[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  let query = db.selectFrom('user_absences').select(['id', 'user_id', 'starts_at', 'ends_at', 'kind', 'note', 'created_by', 'created_at']);
  if (filter.userIds) query = query.where('user_id', 'in', [...filter.userIds]);
  if (filter.endingAfter) query = query.where('ends_at', '>', filter.endingAfter);
  const rows = await query.orderBy('starts_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    kind: r.kind,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

export async function insertAbsence(
  db: Database,
  absence: { userId: string; startsAt: Date; endsAt: Date; kind: AbsenceKind; note: string | null; createdBy: string },
): Promise<number> {
  const row = await db
    .insertInto('user_absences')
    .values({ user_id: absence.userId, starts_at: absence.startsAt, ends_at: absence.endsAt, kind: absence.kind, note: absence.note, created_by: absence.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The absence's owner, locked until the transaction ends (undefined: no such absence). */
export async function lockAbsence(trx: Transaction<DB>, absenceId: number): Promise<{ userId: string } | undefined> {
  const row = await trx.selectFrom('user_absences').select('user_id').where('id', '=', absenceId).forUpdate().executeTakeFirst();
  return row ? { userId: row.user_id } : undefined;
}

/** Deletes the absence and says whose it was (undefined: no such absence). */
export async function deleteAbsence(db: Database, absenceId: number): Promise<{ userId: string } | undefined> {
  const row = await db.deleteFrom('user_absences').where('id', '=', absenceId).returning('user_id').executeTakeFirst();
  return row ? { userId: row.user_id } : undefined;
}

/**
 * Which of `userIds` may receive a new dialog at `at` — the SQL twin of isOperatorAvailable
 * (domain/availability.ts), and it must stay identical to it: active user, presence online,
 * working day started and not on a break, no absence with starts_at <= at < ends_at. A user
 * without an operator_states row is offline (the column defaults), so the inner join leaves them
 * out. test/web/availability.test.ts checks the two agree. Returns ids in the order given.
 */
export async function availableUserIdsAmong(db: Database, userIds: readonly string[], at: Date): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('users as u').select('u.id').where('u.id', 'in', [...userIds]).where(isAvailableAt(sql.ref('u.id'), at)).execute();
  const available = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => available.has(id));
}

/**
 * The rule above as an SQL condition on a user id, for a query that reads many users at once (the
 * dispatcher's snapshot of a line's queue).
 */
export function isAvailableAt(userId: Expression<string>, at: Date): ExpressionWrapper<DB, never, SqlBool> {
  const eb = expressionBuilder<DB>();
  return eb.exists(
    eb
      .selectFrom('users as au')
      .innerJoin('operator_states as s', 's.user_id', 'au.id')
      .select(sql`1`.as('one'))
      .where('au.id', '=', userId)
      .where('au.active', '=', true)
      .where('s.presence', '=', 'online')
      .where('s.workday', '=', 'working')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('user_absences as a')
              .select(sql`1`.as('one'))
              .whereRef('a.user_id', '=', 'au.id')
              .where('a.starts_at', '<=', at)
              .where('a.ends_at', '>', at),
          ),
        ),
      ),
  );
}

/**
 * Open dialogs the operator is offered or holds: the ones to tell when the operator becomes
 * unavailable (SPEC §4 rule 4).
 */
export async function listOpenDialogIdsOfOperator(db: Database, userId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs as d')
    .select('d.id')
    .where('d.status', '<>', 'closed')
    .where((eb) =>
      eb.or([
        eb('d.operator_id', '=', userId),
        eb.exists(eb.selectFrom('dialog_offers as o').select(sql`1`.as('one')).whereRef('o.dialog_id', '=', 'd.id').where('o.user_id', '=', userId)),
      ]),
    )
    .orderBy('d.id')
    .execute();
  return rows.map((r) => r.id);
}

export interface UserAvailabilityRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  presence: Presence;
  workday: Workday;
}

/** Every user with their presence and working day (defaults for those who never set them). */
export async function listUsersWithState(db: Database): Promise<UserAvailabilityRow[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('operator_states as s', 's.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.active', 's.presence', 's.workday'])
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active,
    presence: r.presence ?? defaultOperatorState.presence,
    workday: r.workday ?? defaultOperatorState.workday,
  }));
}
