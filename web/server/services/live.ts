import { isDialogLiveEvent, type DialogLiveEvent, type LiveEvent } from '../../../domain/live-events';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { lineIdsOfMember } from '../../../db/queries/lines';
import { listOpenDialogIdsOf } from '../queries/dialog-details';
import type { Actor } from './actor';

export interface LiveDeps {
  db: Database;
  liveBus: { subscribe(listener: (event: LiveEvent) => void): Promise<() => void> };
}

const MEMBERSHIP_REFRESH_MS = 30_000;
/** Events only tell the browser what to refetch: a slow reader may drop the oldest safely. */
const MAX_BUFFERED = 500;

/**
 * Decides which live events a user may see: a notification only its recipients, whatever their
 * role; dialog events as createDialogEventFilter says.
 */
export async function createLiveEventFilter(deps: Pick<LiveDeps, 'db'>, actor: Actor, now: () => number = Date.now) {
  const maySeeDialogEvent = await createDialogEventFilter(deps, actor, now);
  return async (event: LiveEvent): Promise<boolean> => (isDialogLiveEvent(event) ? maySeeDialogEvent(event) : event.userIds.includes(actor.id));
}

/**
 * Dialog events: supervisors see all; managers those of lines whose queue includes them, of their
 * own dialogs, and offers made to them.
 */
async function createDialogEventFilter(deps: Pick<LiveDeps, 'db'>, actor: Actor, now: () => number) {
  if (seesAllDialogs(actor.role)) return async () => true;
  let lineIds = new Set(await lineIdsOfMember(deps.db, actor.id));
  let loadedAt = now();
  const myDialogs = new Set(await listOpenDialogIdsOf(deps.db, actor.id));
  return async (event: DialogLiveEvent): Promise<boolean> => {
    if (now() - loadedAt > MEMBERSHIP_REFRESH_MS) {
      lineIds = new Set(await lineIdsOfMember(deps.db, actor.id));
      loadedAt = now();
    }
    if (event.type === 'dialog.updated') {
      const mine = event.operatorId === actor.id || event.offeredTo.includes(actor.id) || event.participants.includes(actor.id);
      // A dialog leaving me (taken by someone else, returned to the queue) still needs one event.
      const wasMine = myDialogs.has(event.dialogId);
      if (mine && event.status !== 'closed') myDialogs.add(event.dialogId);
      else myDialogs.delete(event.dialogId);
      return mine || wasMine || lineIds.has(event.lineId);
    }
    return myDialogs.has(event.dialogId) || lineIds.has(event.lineId);
  };
}

/**
 * The first item of every live stream, sent once it listens. What the browser loaded before then
 * may have missed a change (its event came before the stream listened): it refetches on this.
 */
export const LIVE_STREAM_READY = { type: 'stream.ready' } as const;
export type LiveStreamItem = LiveEvent | typeof LIVE_STREAM_READY;

/** LIVE_STREAM_READY, then the live events `actor` may see, until `signal` aborts. */
export async function* streamLiveEvents(deps: LiveDeps, actor: Actor, signal: AbortSignal): AsyncGenerator<LiveStreamItem> {
  const maySee = await createLiveEventFilter(deps, actor);
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
      if (await maySee(event)) yield event;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
