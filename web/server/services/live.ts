import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { isDialogLiveEvent, type DialogLiveEvent, type LiveEvent } from '../../../domain/live-events';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { lineIdsOfMember } from '../../../db/queries/lines';
import { listOpenDialogIdsOf, listOpenDialogIdsTakenByOthers } from '../../../db/queries/dialogs';
import { listOpenDialogIdsOfferedTo } from '../../../db/queries/notifications';
import { createDesktopAlertRule } from '../../../domain/notifications';
import { describeDesktopAlert, type DesktopAlert } from './notifications';
import { accessChecksOf } from '../live/access-checks';
import type { Actor } from './actor';

export interface LiveDeps {
  db: Database;
  liveBus: { subscribe(listener: (event: LiveEvent) => void): Promise<() => void> };
}

const MEMBERSHIP_REFRESH_MS = 30_000;
/** Events only tell the browser what to refetch: a slow reader may drop the oldest safely. */
const MAX_BUFFERED = 500;

/**
 * How stale a stream's idea of its user may get: an admin may demote or deactivate them while the
 * stream is open. Re-read only when an event arrives after this long, by one query for all the
 * process's streams due then (web/server/live/access-checks.ts), not one per stream.
 */
export const ACCESS_RECHECK_MS = 2_000;

/**
 * Decides which live events a user may see: a notification only its recipients, whatever their
 * role; dialog events as createDialogEventFilter says, for the role the user has now. A user
 * deactivated (or deleted) meanwhile gets a FORBIDDEN that ends the stream.
 */
export async function createLiveEventFilter(deps: Pick<LiveDeps, 'db'>, actor: Actor, now: () => number = Date.now) {
  let role = actor.role;
  let maySeeDialogEvent = await createDialogEventFilter(deps, actor, now);
  let checkedAt = now();
  return async (event: LiveEvent): Promise<boolean> => {
    if (now() - checkedAt >= ACCESS_RECHECK_MS) {
      const current = await accessChecksOf(deps.db).current(actor.id, now(), ACCESS_RECHECK_MS);
      if (!current?.active) throw new AppError('FORBIDDEN', errorMessage('access.deactivated'));
      if (current.role !== role) {
        role = current.role;
        maySeeDialogEvent = await createDialogEventFilter(deps, { id: actor.id, role }, now);
      }
      checkedAt = now();
    }
    return isDialogLiveEvent(event) ? maySeeDialogEvent(event) : event.userIds.includes(actor.id);
  };
}

/**
 * Dialog events: supervisors see all; managers those of their own dialogs, offers made to them,
 * and the unassigned dialogs of lines whose queue includes them — not a colleague's dialog in the
 * same line (SPEC §2), except the one event that tells them it left the queue.
 */
async function createDialogEventFilter(deps: Pick<LiveDeps, 'db'>, actor: Actor, now: () => number) {
  if (seesAllDialogs(actor.role)) return async () => true;
  const loadLines = async () => {
    const lineIds = await lineIdsOfMember(deps.db, actor.id);
    return { lineIds: new Set(lineIds), colleagues: new Set(await listOpenDialogIdsTakenByOthers(deps.db, lineIds, actor.id)) };
  };
  let { lineIds, colleagues } = await loadLines();
  let loadedAt = now();
  const myDialogs = new Set(await listOpenDialogIdsOf(deps.db, actor.id));
  return async (event: DialogLiveEvent): Promise<boolean> => {
    if (now() - loadedAt > MEMBERSHIP_REFRESH_MS) {
      ({ lineIds, colleagues } = await loadLines());
      loadedAt = now();
    }
    if (event.type === 'dialog.updated') {
      const mine = event.operatorId === actor.id || event.offeredTo.includes(actor.id) || event.participants.includes(actor.id);
      // A dialog leaving me (taken by someone else, returned to the queue) still needs one event.
      const wasMine = myDialogs.has(event.dialogId);
      if (mine && event.status !== 'closed') myDialogs.add(event.dialogId);
      else myDialogs.delete(event.dialogId);
      const theirs = event.operatorId !== null && !mine;
      const wasTheirs = colleagues.has(event.dialogId);
      if (theirs && event.status !== 'closed') colleagues.add(event.dialogId);
      else colleagues.delete(event.dialogId);
      return mine || wasMine || (lineIds.has(event.lineId) && !(theirs && wasTheirs));
    }
    return myDialogs.has(event.dialogId) || (lineIds.has(event.lineId) && !colleagues.has(event.dialogId));
  };
}

/**
 * The first item of every live stream, sent once it listens. What the browser loaded before then
 * may have missed a change (its event came before the stream listened): it refetches on this.
 */
export const LIVE_STREAM_READY = { type: 'stream.ready' } as const;
export type LiveStreamItem = LiveEvent | typeof LIVE_STREAM_READY | DesktopAlert;

/**
 * LIVE_STREAM_READY, then the live events `actor` may see, each followed by the desktop alert it
 * raises for them (a dialog offered to them, a client's message in their dialog), until `signal` aborts.
 */
export async function* streamLiveEvents(deps: LiveDeps, actor: Actor, signal: AbortSignal): AsyncGenerator<LiveStreamItem> {
  const maySee = await createLiveEventFilter(deps, actor);
  const [answering, offered] = await Promise.all([listOpenDialogIdsOf(deps.db, actor.id), listOpenDialogIdsOfferedTo(deps.db, actor.id)]);
  const alertOf = createDesktopAlertRule(actor.id, { answering, offered });
  const buffer: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await deps.liveBus.subscribe((event) => {
    buffer.push(event);
    if (buffer.length > MAX_BUFFERED) buffer.shift();
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    yield LIVE_STREAM_READY;
    while (!signal.aborted) {
      const event = buffer.shift();
      if (!event) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (!(await maySee(event))) continue;
      yield event;
      const trigger = alertOf(event);
      const alert = trigger && (await describeDesktopAlert(deps, trigger));
      if (alert) yield alert;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
