import { isDialogLiveEvent, type DialogLiveEvent } from '../../../../domain/live-events';
import { findDialog } from '../../../../db/queries/dialogs';
import { authenticateVisitor, findVisitorContactId, type AuthenticatedVisitor } from './auth';
import type { WidgetDeps } from './deps';
import { loadDialogState, loadOperatorDisplay, loadQueueState, toWidgetMessage } from './history';
import { errorResponse, handleErrors } from './http';
import { findVisibleMessage, listRecentDialogsOfContact } from '../../../../db/queries/widget';
import type { WidgetDialogState, WidgetQueueState, WidgetStreamEvents } from './schemas';

const HEARTBEAT_MS = 15_000;

/**
 * GET /api/widget/{channelKey}/stream?token=… — Server-Sent Events with the visitor's new messages
 * (never hidden notes) and dialog state changes. EventSource cannot send headers, hence the token
 * in the query. After `ready` the subscription is live: the page reloads history then, so a
 * reconnect never loses what was said in between.
 */
export async function handleStream(deps: WidgetDeps, request: Request, channelKey: string): Promise<Response> {
  return handleErrors(async () => {
    const token = new URL(request.url).searchParams.get('token');
    const auth = await authenticateVisitor(deps, channelKey, token);
    const release = deps.streams?.open(`${auth.channel.id}:${auth.visitor.visitorId}`) ?? (() => undefined);
    try {
      return await openVisitorStream(deps, request.signal, auth, release);
    } catch (error) {
      release();
      throw error;
    }
  });
}

function sameQueue(a: WidgetQueueState, b: WidgetQueueState | null): boolean {
  return b !== null && a.position === b.position && a.estimatedMinutes === b.estimatedMinutes;
}

/** `release` frees the stream's place under the caps (stream-caps.ts) when it closes. */
async function openVisitorStream(deps: WidgetDeps, signal: AbortSignal, auth: AuthenticatedVisitor, release: () => void): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  const timers: { heartbeat?: ReturnType<typeof setInterval> } = {};
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });

  function close(): void {
    if (closed) return;
    closed = true;
    release();
    clearInterval(timers.heartbeat);
    unsubscribe?.();
    signal.removeEventListener('abort', close);
    try {
      controller.close();
    } catch {
      // Already closed or errored by the runtime after the client went away.
    }
  }

  function write(chunk: string): void {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  }

  function send<E extends keyof WidgetStreamEvents>(event: E, data: WidgetStreamEvents[E], id?: number): void {
    write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
  }

  // A visitor who has not written yet has no contact: it appears with their first message. Looked
  // up only once the subscription is live (below), so a first message stored while this stream was
  // still subscribing is either seen by the lookup or arrives as an event.
  let contactId: number | undefined;
  const lineId = auth.channel.line_id;

  /**
   * The visitor's latest dialog as this stream last knew it, kept only while it is queued: then any
   * other dialog of the line changing may move them in the queue. Everyone else costs nothing extra.
   */
  let queued: WidgetDialogState | undefined;
  function track(state: WidgetDialogState): void {
    if (queued && queued.dialogId > state.dialogId) return;
    queued = state.status === 'queued' ? state : undefined;
  }
  async function identifyVisitor(): Promise<void> {
    contactId = await findVisitorContactId(deps.db, auth);
    if (contactId === undefined) return;
    const latest = (await listRecentDialogsOfContact(deps.db, lineId, contactId, 1)).at(-1);
    if (latest?.status === 'queued') track(await loadDialogState(deps.db, { ...latest, line_id: lineId }));
  }

  async function isForThisVisitor(event: DialogLiveEvent): Promise<boolean> {
    if (event.lineId !== lineId) return false;
    if (contactId === undefined && event.type === 'message.created' && event.authorKind === 'client') {
      contactId = await findVisitorContactId(deps.db, auth);
    }
    return contactId !== undefined && event.contactId === contactId;
  }

  async function forward(event: DialogLiveEvent): Promise<void> {
    if (closed) return;
    if (!(await isForThisVisitor(event))) {
      if (event.type === 'dialog.updated' && event.lineId === lineId) await requeue();
      return;
    }
    if (event.type === 'message.created') {
      if (event.hidden) return;
      const row = await findVisibleMessage(deps.db, event.messageId);
      if (row) send('message', toWidgetMessage(row, await loadOperatorDisplay(deps.db, lineId), deps.secret), row.id);
    } else {
      const dialog = await findDialog(deps.db, event.dialogId);
      if (!dialog) return;
      const state = await loadDialogState(deps.db, dialog);
      track(state);
      send('dialog', state);
    }
  }

  /** Another dialog of the line changed: a queued visitor may have moved up (or down, behind a priority). */
  async function requeue(): Promise<void> {
    if (!queued) return;
    const queue = await loadQueueState(deps.db, { id: queued.dialogId, line_id: lineId });
    // No longer queued: the dialog's own event says what it is now.
    if (!queue || !queued || sameQueue(queue, queued.queue)) return;
    queued = { ...queued, queue };
    send('dialog', queued);
  }

  // Events are handled one after another so the page sees them in the order they happened, and
  // only after the visitor is identified: until then `isForThisVisitor` could not tell.
  let identified!: () => void;
  let pending = new Promise<void>((resolve) => {
    identified = resolve;
  });
  try {
    unsubscribe = await deps.live.subscribe((event) => {
      // Staff notifications are none of a visitor's business.
      if (!isDialogLiveEvent(event)) return;
      pending = pending
        .then(() => forward(event))
        .catch((error: unknown) => console.error('widget stream: could not forward a live event', error));
    });
  } catch (error) {
    close();
    console.error('widget stream: live updates unavailable', error);
    return errorResponse(503, 'Live updates are temporarily unavailable; please try again in a moment.');
  }
  try {
    await identifyVisitor();
  } catch (error) {
    close();
    throw error;
  } finally {
    identified();
  }

  signal.addEventListener('abort', close, { once: true });
  if (signal.aborted) close();
  timers.heartbeat = setInterval(() => write(': keep-alive\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
  // Tell EventSource's own reconnection to wait a little; the page also reconnects with back-off.
  write('retry: 3000\n\n');
  send('ready', { visitorId: auth.visitor.visitorId });

  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, no-transform',
      Connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    },
  });
}
