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

/**
 * Queue members who may receive a new dialog: active users below the per-operator ceiling of
 * open dialogs. (Presence, schedules and line limits join this filter with the lifecycle rules.)
 */
export async function listEligibleCandidates(
  trx: Transaction<DB>,
  lineId: number,
  maxOpenDialogsPerOperator: number,
): Promise<QueueCandidate[]> {
  const rows = await trx
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
      maxOpenDialogsPerOperator,
    )
    .orderBy('q.position')
    .execute();
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
