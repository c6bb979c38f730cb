import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { listUnpickedOffers, loadDispatchSnapshot, markLineDispatched, readLineDispatch, recordDispatch, requestLineDispatch, tryLockLineDispatch, waitForLineDispatch } from '../db/queries/dispatch';
import { lineIdsOfMember } from '../db/queries/lines';
import { planDispatch } from '../domain/routing/plan-dispatch';
import { tellDialogsRoutingChanged } from './tell-dialogs';

export interface DispatchDeps {
  db: Database;
  temporal: Client;
  /** Hard ceiling of open dialogs per operator (MAX_OPEN_DIALOGS_PER_OPERATOR). */
  maxOpenDialogsPerOperator: number;
}

/**
 * The line's dispatcher (SPEC §3): one pass offers as many waiting dialogs as there is capacity,
 * records every offer in one transaction and then tells the chosen dialogs' workflows. Resolves
 * once a pass that began after this call has committed, so a caller sees every offer it could
 * cause. Callers never queue one by one: in this process, callers arriving while a pass runs share
 * the next one; across processes (workers, web servers), a caller that finds another process's
 * pass running leaves its request in `line_dispatch.requested`, and that holder runs another pass
 * before letting go. `awaiting`: the dialog whose own workflow is asking (it hears its offer as
 * the answer, not as a signal).
 */
export function dispatchLine(deps: DispatchDeps, lineId: number, options: { awaiting?: number } = {}): Promise<number[]> {
  const line = stateOf(deps.db, lineId);
  if (options.awaiting !== undefined) line.awaiting.set(options.awaiting, (line.awaiting.get(options.awaiting) ?? 0) + 1);
  const done = joinOrStart(deps, lineId, line);
  if (options.awaiting === undefined) return done;
  const dialogId = options.awaiting;
  return done.finally(() => {
    const n = (line.awaiting.get(dialogId) ?? 1) - 1;
    if (n === 0) line.awaiting.delete(dialogId);
    else line.awaiting.set(dialogId, n);
  });
}

/** Dispatches several lines at once (an operator's lines, after their capacity changed); returns the dialogs offered. */
export async function dispatchLines(deps: DispatchDeps, lineIds: readonly number[]): Promise<number[]> {
  return (await Promise.all([...new Set(lineIds)].map((lineId) => dispatchLine(deps, lineId)))).flat();
}

interface LineState {
  running?: Promise<number[]>;
  next?: Promise<number[]>;
  /** Dialogs whose own offerDialog waits for a pass in this process (not signalled). */
  awaiting: Map<number, number>;
}

const lines = new WeakMap<Database, Map<number, LineState>>();

function stateOf(db: Database, lineId: number): LineState {
  let byLine = lines.get(db);
  if (!byLine) lines.set(db, (byLine = new Map()));
  let state = byLine.get(lineId);
  if (!state) byLine.set(lineId, (state = { awaiting: new Map() }));
  return state;
}

function joinOrStart(deps: DispatchDeps, lineId: number, line: LineState): Promise<number[]> {
  if (!line.running) {
    line.running = runPasses(deps, lineId, line).finally(() => {
      line.running = undefined;
    });
    return line.running;
  }
  // A pass is running and may have read the line before this call: the next one covers it.
  line.next ??= line.running
    .catch(() => undefined)
    .then(() => {
      line.next = undefined;
      return joinOrStart(deps, lineId, line);
    });
  return line.next;
}

/**
 * Passes until this request is served: by a pass of ours, or by another process's holder. Returns
 * the dialogs our passes offered, or kept capacity for (their own request is on its way).
 */
async function runPasses(deps: DispatchDeps, lineId: number, line: LineState): Promise<number[]> {
  const { db } = deps;
  const ticket = await requestLineDispatch(db, lineId);
  const offered: number[] = [];
  for (;;) {
    const pass = await db.transaction().execute(async (trx) => {
      if (!(await tryLockLineDispatch(trx, lineId))) return null;
      const { requested } = await readLineDispatch(trx, lineId);
      const at = new Date();
      const snapshot = await loadDispatchSnapshot(trx, lineId, at);
      const plan = snapshot
        ? planDispatch({
            mode: snapshot.settings.distribution.mode,
            limit: snapshot.settings.distribution.limit,
            availabilityCheck: snapshot.settings.distribution.availabilityCheck,
            routeToResponsible: snapshot.settings.crm.routeToResponsible,
            ceiling: deps.maxOpenDialogsPerOperator,
            members: snapshot.members,
            responsibles: snapshot.responsibles,
            waiting: snapshot.waiting,
            now: at,
          })
        : null;
      const offered = snapshot && plan ? await recordDispatch(trx, lineId, snapshot, plan, at) : [];
      // Last, so the counter row is locked only while the pass commits.
      await markLineDispatched(trx, lineId, requested);
      return { requested, offered, reserved: plan?.reserved ?? [] };
    });
    if (pass) {
      offered.push(...pass.offered, ...pass.reserved);
      const told = pass.offered.filter((id) => !line.awaiting.has(id));
      // Offers of earlier passes that a workflow has not picked up yet are told again (see retellLater).
      const unpicked = await listUnpickedOffers(db, { lineId, offeredBefore: new Date(Date.now() - RETELL_AFTER_MS) });
      await tellDialogsRoutingChanged(deps.temporal, [...new Set([...told, ...unpicked])]);
      retellLater(deps, told, RETELL_AFTER_MS);
      // Requests left by callers who found this pass running: serve them before letting go.
      if ((await readLineDispatch(db, lineId)).requested > pass.requested) continue;
      return offered;
    }
    // Another process's pass is running: it sees our request, or we run the next pass ourselves.
    await waitForLineDispatch(db, lineId);
    if ((await readLineDispatch(db, lineId)).done >= ticket) return offered;
  }
}

/** How long a workflow has to pick up its offer before it is told again; doubles up to RETELL_MAX_MS. */
const RETELL_AFTER_MS = 1_000;
const RETELL_MAX_MS = 16_000;

/**
 * A routingChanged that reaches a dialog's workflow while its own offerDialog is returning "wait"
 * is lost there (the workflow clears the flag when it starts waiting). So until the workflow picks
 * its offer up (offerDialog returns it), it is told again, 1 s, 2 s, 4 s … later. Best effort in
 * this process; every later pass of the line tells the ones still unpicked as well.
 */
function retellLater(deps: DispatchDeps, dialogIds: readonly number[], delayMs: number): void {
  if (dialogIds.length === 0 || delayMs > RETELL_MAX_MS) return;
  const timer = setTimeout(() => {
    listUnpickedOffers(deps.db, { dialogIds, offeredBefore: new Date() })
      .then(async (unpicked) => {
        await tellDialogsRoutingChanged(deps.temporal, unpicked);
        retellLater(deps, unpicked, delayMs * 2);
      })
      // The process may be shutting down (pool closed): the line's next pass tells them instead.
      .catch(() => undefined);
  }, delayMs);
  timer.unref();
}

/**
 * Capacity may have appeared (a dialog closed, handed over, moved or returned; an operator became
 * available): the lines of the operator, and `lineIds`, are dispatched. Called after the change
 * committed; a failure is logged, not thrown: the change stands, and the next pass of the line
 * (any new dialog or capacity event) offers what this one would have.
 */
export async function dispatchAfterCapacityChange(deps: DispatchDeps, change: { operatorId?: string | null; lineIds?: readonly number[] }): Promise<number[]> {
  try {
    const ofOperator = change.operatorId ? await lineIdsOfMember(deps.db, change.operatorId) : [];
    return await dispatchLines(deps, [...ofOperator, ...(change.lineIds ?? [])]);
  } catch (error) {
    console.error('could not dispatch the lines whose capacity changed:', error);
    return [];
  }
}
