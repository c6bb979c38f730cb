import { sql, type Transaction } from 'kysely';
import { LIVE_CHANNEL, type LiveEvent } from '../../domain/live-events';
import type { DialogStatus } from '../../domain/dialog';
import type { DistributionMode, LineSettings } from '../../domain/line-settings';
import { lineHasRoom, type DispatchMember, type DispatchOperator, type DispatchPlan, type WaitingDialog } from '../../domain/routing/plan-dispatch';
import type { Database } from '../client';
import type { DB } from '../types';
import { availableUserIdsAmong } from './availability';
import { offeredUserIdsOf, participantIdsOf } from './dialogs';
import { findLine } from './lines';

// The line's dispatcher (engine/dispatch-line.ts): its requests, its lock, its snapshot, its record.

/** Advisory-lock namespace of dispatch passes (the second key is the line id). */
const DISPATCH_LOCK = 0x4f4c;

/** Asks for a dispatch pass of the line; returns the request's number (passes done up to it cover it). */
export async function requestLineDispatch(db: Database, lineId: number): Promise<bigint> {
  const row = await db
    .insertInto('line_dispatch')
    .values({ line_id: lineId, requested: 1 })
    .onConflict((oc) => oc.column('line_id').doUpdateSet({ requested: sql`line_dispatch.requested + 1` }))
    .returning('requested')
    .executeTakeFirstOrThrow();
  return BigInt(row.requested);
}

export async function readLineDispatch(db: Database, lineId: number): Promise<{ requested: bigint; done: bigint }> {
  const row = await db.selectFrom('line_dispatch').select(['requested', 'done']).where('line_id', '=', lineId).executeTakeFirst();
  return { requested: BigInt(row?.requested ?? 0), done: BigInt(row?.done ?? 0) };
}

/** Requests up to `upTo` are served (set after the pass commits: a short write, so requesters never wait behind a pass). */
export async function markLineDispatched(db: Database, lineId: number, upTo: bigint): Promise<void> {
  await db.updateTable('line_dispatch').set({ done: sql`greatest(done, ${upTo.toString()}::bigint)` }).where('line_id', '=', lineId).execute();
}

/** The line's pass lock for this transaction, if nobody holds it; false at once otherwise. */
export async function tryLockLineDispatch(trx: Transaction<DB>, lineId: number): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${DISPATCH_LOCK}::int, ${lineId}::int) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** Returns once the pass running now (if any) has committed. */
export async function waitForLineDispatch(db: Database, lineId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(${DISPATCH_LOCK}::int, ${lineId}::int)`.execute(trx);
  });
}

type RoutingRequest = { dialogId: number; lineId: number; mode: DistributionMode | null; passedBy: readonly string[] };

const requestValues = (request: RoutingRequest) => ({ line_id: request.lineId, mode: request.mode, passed_by: [...request.passedBy], requested_at: new Date(), offered_at: null });

/** The dialog's workflow asks to be offered: its mode override and who let it pass, kept for the planner. */
export async function putRoutingRequest(db: Database, request: RoutingRequest): Promise<void> {
  const values = requestValues(request);
  await db
    .insertInto('dialog_routing_requests')
    .values({ dialog_id: request.dialogId, ...values })
    .onConflict((oc) => oc.column('dialog_id').doUpdateSet(values))
    .execute();
}

/**
 * A new dialog's inbound request asks for it, unless its workflow already has (whose request, with
 * its own mode and exclusions, stands). Returns when it asked, or undefined.
 */
export async function putRoutingRequestIfAbsent(db: Database, request: RoutingRequest): Promise<Date | undefined> {
  const values = requestValues(request);
  const inserted = await db
    .insertInto('dialog_routing_requests')
    .values({ dialog_id: request.dialogId, ...values })
    .onConflict((oc) => oc.column('dialog_id').doNothing())
    .returning('dialog_id')
    .executeTakeFirst();
  return inserted ? values.requested_at : undefined;
}

/** The dialog left the queue another way (taken, transferred, closed): nothing to dispatch for it. */
export async function deleteRoutingRequest(db: Database, dialogId: number): Promise<void> {
  await db.deleteFrom('dialog_routing_requests').where('dialog_id', '=', dialogId).execute();
}

/**
 * The workflow has the dialog's offer (offerDialog returned it), or will have it when it first
 * asks: nothing more to tell it. `requestedAt`: only the request made then, not a later one (a
 * workflow that asked meanwhile and heard "wait" must still be told). Returns whether a request
 * was settled.
 */
export async function pickUpOffer(db: Database, dialogId: number, requestedAt?: Date): Promise<boolean> {
  const result = await db
    .deleteFrom('dialog_routing_requests')
    .where('dialog_id', '=', dialogId)
    .where('offered_at', 'is not', null)
    .$if(requestedAt !== undefined, (q) => q.where('requested_at', '=', requestedAt!))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Dialogs offered by a pass whose workflows have not picked the offer up since `offeredBefore`
 * (a routingChanged that reached the workflow while its own offerDialog was returning is lost
 * there): they are told again. `dialogIds`: only these; otherwise the line's.
 */
export async function listUnpickedOffers(db: Database, where: { lineId?: number; dialogIds?: readonly number[]; offeredBefore: Date }): Promise<number[]> {
  if (where.dialogIds?.length === 0) return [];
  const rows = await db
    .selectFrom('dialog_routing_requests as r')
    .innerJoin('dialogs as d', 'd.id', 'r.dialog_id')
    .select('r.dialog_id')
    .where('r.offered_at', '<', where.offeredBefore)
    .where('d.status', '=', 'offered')
    .where('d.operator_id', 'is', null)
    .$if(where.lineId !== undefined, (q) => q.where('r.line_id', '=', where.lineId!))
    .$if(where.dialogIds !== undefined, (q) => q.where('r.dialog_id', 'in', [...where.dialogIds!]))
    .execute();
  return rows.map((r) => r.dialog_id);
}

/**
 * The dialog's status, and the operators it is offered to now: none unless it is offered (not
 * taken, not closed). One query; undefined when there is no such dialog.
 */
export async function findDialogOffer(db: Database, dialogId: number): Promise<{ status: DialogStatus; offeredTo: string[] } | undefined> {
  const row = await db.selectFrom('dialogs as d').select(['d.status', 'd.operator_id', offeredUserIdsOf('d.id').as('offered_to')]).where('d.id', '=', dialogId).executeTakeFirst();
  if (!row) return undefined;
  return { status: row.status, offeredTo: row.status === 'offered' && row.operator_id === null ? row.offered_to : [] };
}

/** Operators the dialog is offered to now, when it is offered (not taken, not closed). */
export async function currentOfferOf(db: Database, dialogId: number): Promise<string[]> {
  return (await findDialogOffer(db, dialogId))?.offeredTo ?? [];
}

export interface DispatchSnapshot {
  settings: LineSettings;
  members: DispatchMember[];
  responsibles: DispatchOperator[];
  /** In queue order; with what the live event of an offer needs. */
  waiting: (WaitingDialog & { contactId: number; participants: string[] })[];
}

/**
 * What one pass decides from: the line, its queue members' load and availability, its waiting
 * dialogs. When no member has room and the line does not route to responsible users, the pass
 * can plan nothing (lineHasRoom), so the waiting dialogs are not read: `waiting` is empty.
 */
export async function loadDispatchSnapshot(trx: Transaction<DB>, lineId: number, at: Date, ceiling: number): Promise<DispatchSnapshot | undefined> {
  const line = await findLine(trx, lineId);
  if (!line) return undefined;
  const { distribution, crm } = line.settings;
  const memberRows = await queueMemberLoads(trx, lineId, distribution.limit.countWaitingForClient);
  const available = new Set(await availableUserIdsAmong(trx, memberRows.map((m) => m.user_id), at));
  const members: DispatchMember[] = memberRows.map((m) => ({
    userId: m.user_id,
    position: m.position,
    lastAssignedAt: m.last_assigned_at ? m.last_assigned_at.toISOString() : null,
    active: m.active,
    available: available.has(m.user_id),
    openDialogs: m.open_dialogs ?? 0,
    lineLoad: (m.held ?? 0) + (m.offered ?? 0),
  }));
  const room = { limit: distribution.limit, availabilityCheck: distribution.availabilityCheck, routeToResponsible: crm.routeToResponsible, ceiling, members };
  if (!lineHasRoom(room)) return { settings: line.settings, members, responsibles: [], waiting: [] };
  const waitingRows = await waitingDialogs(trx, lineId);
  const responsibleIds = crm.routeToResponsible ? [...new Set(waitingRows.map((w) => w.responsible_user_id).filter((id): id is string => id !== null))] : [];
  return {
    settings: line.settings,
    members,
    responsibles: await responsibleLoads(trx, responsibleIds, available, at),
    waiting: waitingRows.map((w) => ({
      dialogId: w.id,
      contactId: w.contact_id,
      mode: w.mode ?? null,
      passedBy: w.passed_by ?? [],
      asking: w.request_id !== null,
      offeredTo: w.offered_to,
      responsibleId: w.responsible_user_id,
      participants: w.participants,
    })),
  };
}

/** The line's queue members in order, with their open dialogs overall and their load on the line (held as the limit counts, and offered). */
function queueMemberLoads(trx: Transaction<DB>, lineId: number, countWaitingForClient: boolean) {
  const counted = countWaitingForClient ? (['in_work', 'waiting_client'] as const) : (['in_work'] as const);
  return trx
    .selectFrom('line_queue_members as q')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .select((eb) => [
      'q.user_id',
      'q.position',
      'q.last_assigned_at',
      'u.active',
      eb.selectFrom('dialogs as d').select(sql<number>`count(*)::int`.as('n')).whereRef('d.operator_id', '=', 'q.user_id').where('d.status', '<>', 'closed').as('open_dialogs'),
      eb
        .selectFrom('dialogs as d')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('d.operator_id', '=', 'q.user_id')
        .where('d.line_id', '=', lineId)
        .where('d.status', 'in', [...counted])
        .as('held'),
      eb
        .selectFrom('dialog_offers as o')
        .innerJoin('dialogs as od', 'od.id', 'o.dialog_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('o.user_id', '=', 'q.user_id')
        .where('od.line_id', '=', lineId)
        .as('offered'),
    ])
    .where('q.line_id', '=', lineId)
    .orderBy('q.position')
    .execute();
}

/** The line's waiting dialogs in queue order (priority, then age), with their requests and what an offer's live event needs. */
function waitingDialogs(trx: Transaction<DB>, lineId: number) {
  return trx
    .selectFrom('dialogs as d')
    .leftJoin('dialog_routing_requests as r', (j) => j.onRef('r.dialog_id', '=', 'd.id').onRef('r.line_id', '=', 'd.line_id'))
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select([
      'd.id',
      'd.contact_id',
      'r.mode',
      'r.passed_by',
      'r.dialog_id as request_id',
      'c.responsible_user_id',
      offeredUserIdsOf('d.id').as('offered_to'),
      participantIdsOf('d.id').as('participants'),
    ])
    .where('d.line_id', '=', lineId)
    .where('d.operator_id', 'is', null)
    // Queued (asking or not yet), or offered to all and asking again.
    .where((eb) => eb.or([eb('d.status', '=', 'queued'), eb.and([eb('d.status', '=', 'offered'), eb('r.dialog_id', 'is not', null)])]))
    .where((eb) => eb.or([eb('r.dialog_id', 'is', null), eb('r.offered_at', 'is', null)]))
    .orderBy('d.priority', 'desc')
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

/** Responsible users of waiting dialogs' clients, members or not: their open dialogs and availability (`availableMembers`: already known to be available). */
async function responsibleLoads(trx: Transaction<DB>, userIds: readonly string[], availableMembers: ReadonlySet<string>, at: Date): Promise<DispatchOperator[]> {
  if (userIds.length === 0) return [];
  const rows = await trx
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.active',
      eb.selectFrom('dialogs as d').select(sql<number>`count(*)::int`.as('n')).whereRef('d.operator_id', '=', 'u.id').where('d.status', '<>', 'closed').as('open_dialogs'),
    ])
    .where('u.id', 'in', [...userIds])
    .execute();
  const available = new Set([...availableMembers, ...(await availableUserIdsAmong(trx, userIds.filter((id) => !availableMembers.has(id)), at))]);
  return rows.map((r) => ({ userId: r.id, active: r.active, available: available.has(r.id), openDialogs: r.open_dialogs ?? 0 }));
}

/**
 * Records a pass's offers at once: the dialogs still waiting become 'offered' (one that was taken
 * or closed meanwhile is left alone), their offers, their 'offered' events and live events, the
 * members' last-assigned times; their requests marked offered. Returns the dialogs offered.
 */
export async function recordDispatch(trx: Transaction<DB>, lineId: number, snapshot: DispatchSnapshot, plan: DispatchPlan, at: Date): Promise<number[]> {
  if (plan.offers.length === 0) return [];
  const updated = await trx
    .updateTable('dialogs')
    .set({ status: 'offered', updated_at: at })
    .where('id', 'in', plan.offers.map((o) => o.dialogId))
    .where('line_id', '=', lineId)
    .where('operator_id', 'is', null)
    .where('status', 'in', ['queued', 'offered'])
    .returning('id')
    .execute();
  const still = new Set(updated.map((r) => r.id));
  const offers = plan.offers.filter((o) => still.has(o.dialogId));
  if (offers.length === 0) return [];
  await trx
    .insertInto('dialog_offers')
    .values(offers.flatMap((o) => o.operatorIds.map((userId) => ({ dialog_id: o.dialogId, user_id: userId, offered_at: at }))))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto('dialog_events')
    .values(offers.map((o) => ({ dialog_id: o.dialogId, kind: 'offered', actor_user_id: null, data: JSON.stringify(offeredEventData(o)) })))
    .execute();
  await trx.updateTable('dialog_routing_requests').set({ offered_at: at }).where('dialog_id', 'in', offers.map((o) => o.dialogId)).execute();
  for (const { userId, at: assignedAt } of plan.lastAssigned) {
    await trx.updateTable('line_queue_members').set({ last_assigned_at: assignedAt }).where('line_id', '=', lineId).where('user_id', '=', userId).execute();
  }
  const waiting = new Map(snapshot.waiting.map((w) => [w.dialogId, w]));
  const events: LiveEvent[] = offers.map((o) => {
    const dialog = waiting.get(o.dialogId)!;
    return {
      type: 'dialog.updated',
      dialogId: o.dialogId,
      lineId,
      contactId: dialog.contactId,
      status: 'offered',
      operatorId: null,
      offeredTo: [...dialog.offeredTo, ...o.operatorIds],
      participants: dialog.participants,
      at: at.toISOString(),
    };
  });
  // NOTIFY is delivered on commit, so listeners never see an offer that was rolled back.
  await sql`select pg_notify(${LIVE_CHANNEL}, e) from unnest(${events.map((e) => JSON.stringify(e))}::text[]) as e`.execute(trx);
  return offers.map((o) => o.dialogId);
}

/** The 'offered' event's data, as recorded since routing began (the inbox and the audit trail read it). */
function offeredEventData(offer: DispatchPlan['offers'][number]): Record<string, unknown> {
  if (offer.operatorIds.length === 1) return { operatorId: offer.operatorIds[0], ...(offer.responsible ? { responsible: true } : {}) };
  return { operatorIds: offer.operatorIds, mode: 'all' };
}
