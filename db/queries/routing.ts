import { sql, type Transaction } from 'kysely';
import type { QueueCandidate } from '../../domain/routing/pick-evenly';
import type { DB } from '../types';

/**
 * Serializes routing decisions of one line: whoever holds this lock sees every offer and
 * assignment committed before it, so two dialogs can never both take an operator's last slot.
 */
export async function lockLineForRouting(trx: Transaction<DB>, lineId: number): Promise<void> {
  await trx.selectFrom('lines').select('id').where('id', '=', lineId).forUpdate().executeTakeFirstOrThrow();
}

export interface EligibilityLimits {
  /** Hard ceiling of open dialogs per operator, across all lines. */
  ceiling: number;
  /** The line's own limit, when on: dialogs of this line an operator holds or is offered. */
  line?: { maxOpenDialogs: number; countWaitingForClient: boolean };
}

/**
 * Queue members who may receive a new dialog: active users below the global ceiling of open
 * dialogs and, when the line limits them, below the line's limit (offers count: an operator is
 * never offered more than they may hold). Availability is filtered by the caller.
 */
export async function listEligibleCandidates(trx: Transaction<DB>, lineId: number, limits: EligibilityLimits): Promise<QueueCandidate[]> {
  let query = trx
    .selectFrom('line_queue_members as q')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .select(['q.user_id', 'q.position', 'q.last_assigned_at'])
    .where('q.line_id', '=', lineId)
    .where('u.active', '=', true)
    .where(
      (eb) =>
        eb
          .selectFrom('dialogs as d')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('d.operator_id', '=', 'q.user_id')
          .where('d.status', '<>', 'closed'),
      '<',
      limits.ceiling,
    );
  if (limits.line) {
    const counted = limits.line.countWaitingForClient ? (['in_work', 'waiting_client'] as const) : (['in_work'] as const);
    query = query.where(
      (eb) =>
        sql<number>`(${eb
          .selectFrom('dialogs as d')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('d.operator_id', '=', 'q.user_id')
          .where('d.line_id', '=', lineId)
          .where('d.status', 'in', [...counted])}) + (${eb
          .selectFrom('dialog_offers as o')
          .innerJoin('dialogs as od', 'od.id', 'o.dialog_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('o.user_id', '=', 'q.user_id')
          .where('od.line_id', '=', lineId)})`,
      '<',
      limits.line.maxOpenDialogs,
    );
  }
  const rows = await query.orderBy('q.position').execute();
  return rows.map((r) => ({
    userId: r.user_id,
    position: r.position,
    lastAssignedAt: r.last_assigned_at ? r.last_assigned_at.toISOString() : null,
  }));
}

export async function markOffered(trx: Transaction<DB>, lineId: number, dialogId: number, userId: string, at: Date) {
  await trx.insertInto('dialog_offers').values({ dialog_id: dialogId, user_id: userId, offered_at: at }).onConflict((oc) => oc.doNothing()).execute();
  await trx.updateTable('line_queue_members').set({ last_assigned_at: at }).where('line_id', '=', lineId).where('user_id', '=', userId).execute();
}

export async function clearOffers(trx: Transaction<DB>, dialogId: number) {
  await trx.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId).execute();
}

/** Withdraws one operator's offer; returns how many offers of the dialog remain (mode "all"). */
export async function withdrawOfferOf(trx: Transaction<DB>, dialogId: number, userId: string): Promise<number> {
  await trx.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId).where('user_id', '=', userId).execute();
  const row = await trx.selectFrom('dialog_offers').select(sql<number>`count(*)::int`.as('n')).where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
  return row.n;
}

/**
 * How many more dialogs of the line `userIds` may take together under the line's limit: the sum of
 * each one's free slots (limit − dialogs held or offered on the line, counted as the limit says).
 */
export async function freeSlotsOf(
  trx: Transaction<DB>,
  lineId: number,
  userIds: readonly string[],
  limit: { maxOpenDialogs: number; countWaitingForClient: boolean },
): Promise<number> {
  if (userIds.length === 0) return 0;
  const counted = limit.countWaitingForClient ? (['in_work', 'waiting_client'] as const) : (['in_work'] as const);
  const [held, offered] = await Promise.all([
    trx
      .selectFrom('dialogs')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('line_id', '=', lineId)
      .where('operator_id', 'in', [...userIds])
      .where('status', 'in', [...counted])
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('dialog_offers as o')
      .innerJoin('dialogs as d', 'd.id', 'o.dialog_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('d.line_id', '=', lineId)
      .where('o.user_id', 'in', [...userIds])
      .executeTakeFirstOrThrow(),
  ]);
  return Math.max(0, userIds.length * limit.maxOpenDialogs - held.n - offered.n);
}

/**
 * Queued dialogs of the line ahead of `dialogId` (higher priority, or the same priority and
 * older), in queue order, at most `limit` of them.
 */
export async function queuedAhead(trx: Transaction<DB>, lineId: number, dialogId: number, limit: number): Promise<number[]> {
  if (limit <= 0) return [];
  const me = await trx.selectFrom('dialogs').select(['priority', 'created_at']).where('id', '=', dialogId).executeTakeFirstOrThrow();
  const rows = await trx
    .selectFrom('dialogs')
    .select('id')
    .where('line_id', '=', lineId)
    .where('status', '=', 'queued')
    .where('id', '<>', dialogId)
    .where((eb) =>
      eb.or([
        eb('priority', '>', me.priority),
        eb.and([eb('priority', '=', me.priority), eb.or([eb('created_at', '<', me.created_at), eb.and([eb('created_at', '=', me.created_at), eb('id', '<', dialogId)])])]),
      ]),
    )
    .orderBy('priority', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}


/**
 * The user responsible for the dialog's contact (SPEC §3 CRM "route to responsible"), whether they
 * are active and whether they already hold the hard ceiling of open dialogs; null when nobody is.
 * Queue membership and the line's limit do not matter: the client is theirs.
 */
export async function findResponsibleOfDialog(
  trx: Transaction<DB>,
  dialogId: number,
  ceiling: number,
): Promise<{ userId: string; active: boolean; atCeiling: boolean } | null> {
  const row = await trx
    .selectFrom('dialogs as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .innerJoin('users as u', 'u.id', 'c.responsible_user_id')
    .select((eb) => [
      'u.id',
      'u.active',
      eb
        .selectFrom('dialogs as open')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('open.operator_id', '=', 'u.id')
        .where('open.status', '<>', 'closed')
        .as('open_dialogs'),
    ])
    .where('d.id', '=', dialogId)
    .executeTakeFirst();
  return row ? { userId: row.id, active: row.active, atCeiling: (row.open_dialogs ?? 0) >= ceiling } : null;
}
