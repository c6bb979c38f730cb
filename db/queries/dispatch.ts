import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { LIVE_CHANNEL, type LiveEvent } from '../../domain/live-events';
import type { DialogStatus } from '../../domain/dialog';
import { lineSettingsSchema, type DistributionMode, type LineSettings } from '../../domain/line-settings';
import { lineHasRoom, type DispatchMember, type DispatchOperator, type DispatchPlan, type WaitingDialog } from '../../domain/routing/plan-dispatch';
import type { Database } from '../client';
import type { DB } from '../types';
import { availableUserIdsAmong, isAvailableAt } from './availability';
import { offeredUserIdsOf, participantIdsOf } from './dialogs';

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

/**
 * The line's pass lock for this transaction, if nobody holds it (undefined at once otherwise), with
 * the requests made so far: the pass covers them. One statement; its count is read before the lock
 * is taken, so it may miss a request made in between, never count one the pass cannot see.
 */
export async function tryLockLineDispatch(trx: Transaction<DB>, lineId: number): Promise<{ requested: bigint } | undefined> {
  const { rows } = await sql<{ locked: boolean; requested: string | null }>`
    select pg_try_advisory_xact_lock(${DISPATCH_LOCK}::int, ${lineId}::int) as locked,
      (select requested from line_dispatch where line_id = ${lineId}) as requested`.execute(trx);
  return rows[0]?.locked === true ? { requested: BigInt(rows[0].requested ?? 0) } : undefined;
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
  const line = await lineWithMemberLoads(trx, lineId, at);
  if (!line) return undefined;
  const settings = lineSettingsSchema.parse(line.settings);
  const { distribution, crm } = settings;
  const members: DispatchMember[] = line.members.map((m) => ({
    userId: m.user_id,
    position: m.position,
    lastAssignedAt: m.last_assigned_at ? new Date(m.last_assigned_at).toISOString() : null,
    active: m.active,
    available: m.available,
    openDialogs: m.open_dialogs ?? 0,
    // Held as the line's limit counts them (SPEC §3), and offered.
    lineLoad: (m.in_work ?? 0) + (distribution.limit.countWaitingForClient ? (m.waiting_client ?? 0) : 0) + (m.offered ?? 0),
  }));
  const room = { limit: distribution.limit, availabilityCheck: distribution.availabilityCheck, routeToResponsible: crm.routeToResponsible, ceiling, members };
  if (!lineHasRoom(room)) return { settings, members, responsibles: [], waiting: [] };
  const waitingRows = await waitingDialogs(trx, lineId);
  const responsibleIds = crm.routeToResponsible ? [...new Set(waitingRows.map((w) => w.responsible_user_id).filter((id): id is string => id !== null))] : [];
  const available = new Set(members.filter((m) => m.available).map((m) => m.userId));
  return {
    settings,
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

/**
 * The line's settings and its queue members in order, in one query: each member's open dialogs
 * overall, their dialogs on the line by status (in work, waiting for the client) and offered there,
 * and whether they are available at `at`.
 */
function lineWithMemberLoads(trx: Transaction<DB>, lineId: number, at: Date) {
  const heldOnLine = (eb: ExpressionBuilder<DB, 'line_queue_members' | 'users'>, status: DialogStatus) =>
    eb.selectFrom('dialogs as d').select(sql<number>`count(*)::int`.as('n')).whereRef('d.operator_id', '=', 'line_queue_members.user_id').where('d.line_id', '=', lineId).where('d.status', '=', status);
  return trx
    .selectFrom('lines as l')
    .select((eb) => [
      'l.settings',
      jsonArrayFrom(
        eb
          .selectFrom('line_queue_members')
          .innerJoin('users', 'users.id', 'line_queue_members.user_id')
          .select((member) => [
            'line_queue_members.user_id',
            'line_queue_members.position',
            'line_queue_members.last_assigned_at',
            'users.active',
            member
              .selectFrom('dialogs as d')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('d.operator_id', '=', 'line_queue_members.user_id')
              .where('d.status', '<>', 'closed')
              .as('open_dialogs'),
            heldOnLine(member, 'in_work').as('in_work'),
            heldOnLine(member, 'waiting_client').as('waiting_client'),
            member
              .selectFrom('dialog_offers as o')
              .innerJoin('dialogs as od', 'od.id', 'o.dialog_id')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('o.user_id', '=', 'line_queue_members.user_id')
              .where('od.line_id', '=', lineId)
              .as('offered'),
            isAvailableAt(sql.ref('line_queue_members.user_id'), at).$castTo<boolean>().as('available'),
          ])
          .whereRef('line_queue_members.line_id', '=', 'l.id')
          .orderBy('line_queue_members.position'),
      ).as('members'),
    ])
    .where('l.id', '=', lineId)
    .executeTakeFirst();
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
 * Records a pass's offers in one statement: the dialogs still waiting become 'offered' (one that
 * was taken or closed meanwhile is left alone), and for those only their offers, their 'offered'
 * events and live events, their requests marked offered; the members' last-assigned times unless
 * no offer stood. Returns the dialogs offered. NOTIFY is delivered on commit, so listeners never
 * see an offer rolled back.
 */
export async function recordDispatch(trx: Transaction<DB>, lineId: number, snapshot: DispatchSnapshot, plan: DispatchPlan, at: Date): Promise<number[]> {
  if (plan.offers.length === 0) return [];
  const waiting = new Map(snapshot.waiting.map((w) => [w.dialogId, w]));
  const offerPairs = plan.offers.flatMap((o) => o.operatorIds.map((userId) => ({ dialogId: o.dialogId, userId })));
  const liveEvents = plan.offers.map((o): LiveEvent => {
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
  const dialogIds = plan.offers.map((o) => o.dialogId);
  // Every data-modifying part runs once; `notified`, a plain select, runs because the result reads it.
  const { rows } = await sql<{ offered: number[] | null }>`
    with updated as (
      update dialogs set status = 'offered', updated_at = ${at}::timestamptz
      where id = any(${dialogIds}::int[]) and line_id = ${lineId} and operator_id is null and status in ('queued', 'offered')
      returning id
    ), offers as (
      insert into dialog_offers (dialog_id, user_id, offered_at)
      select o.dialog_id, o.user_id, ${at}::timestamptz from unnest(${offerPairs.map((p) => p.dialogId)}::int[], ${offerPairs.map((p) => p.userId)}::text[]) as o(dialog_id, user_id)
      where o.dialog_id in (select id from updated)
      on conflict do nothing
    ), events as (
      insert into dialog_events (dialog_id, kind, actor_user_id, data)
      select e.dialog_id, 'offered', null, e.data::jsonb from unnest(${dialogIds}::int[], ${plan.offers.map((o) => JSON.stringify(offeredEventData(o)))}::text[]) as e(dialog_id, data)
      where e.dialog_id in (select id from updated)
    ), requests as (
      update dialog_routing_requests set offered_at = ${at}::timestamptz where dialog_id in (select id from updated)
    ), assigned as (
      update line_queue_members q set last_assigned_at = a.at
      from unnest(${plan.lastAssigned.map((a) => a.userId)}::text[], ${plan.lastAssigned.map((a) => a.at)}::timestamptz[]) as a(user_id, at)
      where q.line_id = ${lineId} and q.user_id = a.user_id and exists (select 1 from updated)
    ), notified as (
      select pg_notify(${LIVE_CHANNEL}, n.event) from unnest(${dialogIds}::int[], ${liveEvents.map((e) => JSON.stringify(e))}::text[]) with ordinality as n(dialog_id, event, place)
      where n.dialog_id in (select id from updated)
      order by n.place
    )
    select (select array_agg(id order by id) from updated) as offered, (select count(*) from notified) as notified`.execute(trx);
  const offered = new Set(rows[0]?.offered ?? []);
  return dialogIds.filter((id) => offered.has(id));
}

/** The 'offered' event's data, as recorded since routing began (the inbox and the audit trail read it). */
function offeredEventData(offer: DispatchPlan['offers'][number]): Record<string, unknown> {
  if (offer.operatorIds.length === 1) return { operatorId: offer.operatorIds[0], ...(offer.responsible ? { responsible: true } : {}) };
  return { operatorIds: offer.operatorIds, mode: 'all' };
}
