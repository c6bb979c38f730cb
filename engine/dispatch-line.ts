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
 * pass running leaves its request in `line_dispatch.requested` and waits for that pass's commit,
 * which covers it or after which it runs the next pass. `awaiting`: the dialog whose workflow
 * hears its offer by asking, not as a signal: its own offerDialog, or its inbound request when
 * its workflow has just been started (which then tells it if it asked meanwhile: tellUnpickedOffers).
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
  /** Callers of this process waiting for a pass that begins after their call. */
  callers: { resolve: (offered: number[]) => void; reject: (error: unknown) => void }[];
  pumping: boolean;
  /** Telling the offered dialogs' workflows, one pass's tells after another's. */
  telling: Promise<void>;
  /** Dialogs whose workflow hears its offer by asking (not signalled). */
  awaiting: Map<number, number>;
}

const lines = new WeakMap<Database, Map<number, LineState>>();

function stateOf(db: Database, lineId: number): LineState {
  let byLine = lines.get(db);
  if (!byLine) lines.set(db, (byLine = new Map()));
  let state = byLine.get(lineId);
  if (!state) byLine.set(lineId, (state = { callers: [], pumping: false, telling: Promise.resolve(), awaiting: new Map() }));
  return state;
}

function joinOrStart(deps: DispatchDeps, lineId: number, line: LineState): Promise<number[]> {
  const served = new Promise<number[]>((resolve, reject) => line.callers.push({ resolve, reject }));
  if (!line.pumping) void pump(deps, lineId, line);
  return served;
}

/**
 * Serves this process's callers one pass at a time: a pass takes every caller waiting when it
 * begins (a pass already running may have read the line before a later call) and answers them as
 * soon as it has committed; telling the workflows follows on its own, so it holds up neither them
 * nor the next pass.
 */
async function pump(deps: DispatchDeps, lineId: number, line: LineState): Promise<void> {
  line.pumping = true;
  try {
    while (line.callers.length > 0) {
      const callers = line.callers.splice(0);
      try {
        const { offered, tell } = await servePass(deps, lineId, line);
        for (const caller of callers) caller.resolve(offered);
        line.telling = line.telling.then(tell).catch((error: unknown) => console.error(`line ${lineId}: could not tell the offered dialogs`, error));
      } catch (error) {
        for (const caller of callers) caller.reject(error);
      }
    }
  } finally {
    line.pumping = false;
  }
}

/**
 * One request served: by a pass of ours, or by another process's pass that began after it (a
 * caller that finds another process's pass running waits for its commit, then runs the next pass
 * itself unless that one covered its request). Returns the dialogs our pass offered, or kept
 * capacity for (their own request is on its way), and how to tell the offered dialogs' workflows.
 */
async function servePass(deps: DispatchDeps, lineId: number, line: LineState): Promise<{ offered: number[]; tell: () => Promise<void> }> {
  const { db } = deps;
  const ticket = await requestLineDispatch(db, lineId);
  for (;;) {
    const pass = await db.transaction().execute(async (trx) => {
      const lock = await tryLockLineDispatch(trx, lineId);
      if (!lock) return null;
      const { requested } = lock;
      const at = new Date();
      const snapshot = await loadDispatchSnapshot(trx, lineId, at, deps.maxOpenDialogsPerOperator);
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
      return { offered, reserved: plan?.reserved ?? [] };
    });
    if (pass) {
      // Decided now, while the askers' own calls are still waiting: they hear their offers as answers.
      const told = pass.offered.filter((id) => !line.awaiting.has(id));
      const tell = async () => {
        // Offers of earlier passes that a workflow has not picked up yet are told again (see retellLater).
        const unpicked = await listUnpickedOffers(db, { lineId, offeredBefore: new Date(Date.now() - RETELL_AFTER_MS) });
        await tellDialogsRoutingChanged(deps.temporal, [...new Set([...told, ...unpicked])]);
        retellLater(deps, told, RETELL_AFTER_MS);
      };
      return { offered: [...pass.offered, ...pass.reserved], tell };
    }
    // Another process's pass is running: it may cover our request, or we run the next pass ourselves.
    await waitForLineDispatch(db, lineId);
    if ((await readLineDispatch(db, lineId)).done >= ticket) return { offered: [], tell: async () => undefined };
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
    // The process may be shutting down (pool closed): the line's next pass tells them instead.
    tellUnpickedOffers(deps, dialogIds, delayMs * 2).catch(() => undefined);
  }, delayMs);
  timer.unref();
}

/**
 * Those of `dialogIds` that are offered while their workflow's request stands (it has not picked
 * the offer up) are told now, and again later until it does. For an offer made on a new dialog's
 * inbound request: its workflow may have asked meanwhile and heard "wait".
 */
export async function tellUnpickedOffers(deps: DispatchDeps, dialogIds: readonly number[], retellAfterMs = RETELL_AFTER_MS): Promise<void> {
  const unpicked = await listUnpickedOffers(deps.db, { dialogIds, offeredBefore: new Date() });
  await tellDialogsRoutingChanged(deps.temporal, unpicked);
  retellLater(deps, unpicked, retellAfterMs);
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
