import { TRPCError } from '@trpc/server';
import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPool } from '../../db/client';
import type { DB } from '../../db/types';
import type { LiveEvent } from '../../domain/live-events';
import { ACCESS_RECHECK_MS } from '../../web/server/services/live';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, manualLiveBus, sessionUser, useApiDatabase } from './helpers';

/** The inbox's live stream only carries what the user may see (SPEC §2). */
const shared = useApiDatabase();

const at = new Date().toISOString();
const messageEvent = (dialogId: number, lineId: number): LiveEvent => ({
  type: 'message.created',
  dialogId,
  lineId,
  contactId: 1,
  messageId: dialogId * 10,
  authorKind: 'client',
  hidden: false,
  at,
});
const dialogEvent = (dialogId: number, lineId: number, operatorId: string | null, offeredTo: string[] = [], participants: string[] = []): LiveEvent => ({
  type: 'dialog.updated',
  dialogId,
  lineId,
  contactId: 1,
  status: operatorId ? 'in_work' : offeredTo.length ? 'offered' : 'queued',
  operatorId,
  offeredTo,
  participants,
  at,
});

type StreamItem = LiveEvent | { type: 'stream.ready' } | { type: 'alert'; dialogId: number };

/** The item inside a tracked() envelope: the direct caller yields [id, data] tuples; HTTP clients get { id, data }. */
function itemOf(envelope: [string, unknown] | { data: unknown }): StreamItem {
  return (Array.isArray(envelope) ? envelope[1] : envelope.data) as StreamItem;
}

/** Subscribes as a user, emits `events` in order once the stream listens, and returns the ids of the events they received. */
async function received(user: ReturnType<typeof sessionUser>, events: LiveEvent[]): Promise<string[]> {
  const bus = manualLiveBus();
  const controller = new AbortController();
  const stream = await apiAs(shared.deps, user, bus, { signal: controller.signal }).live.events();
  const got: string[] = [];
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const reading = (async () => {
    for await (const envelope of stream) {
      const event = itemOf(envelope);
      if (event.type === 'stream.ready') {
        listening();
        continue;
      }
      // Desktop alerts have their own tests (desktop-alerts.test.ts): here, which events reach whom.
      if (event.type === 'alert') continue;
      got.push(`${event.type}:${event.dialogId}`);
      if (event.dialogId === -1) break;
    }
  })();
  await ready;
  for (const event of events) bus.emit(event);
  // A marker every user may see (it names their own dialog) ends the reading.
  bus.emit(dialogEvent(-1, -1, user.id));
  await reading;
  controller.abort();
  return got.filter((e) => !e.endsWith(':-1'));
}

describe('live events', () => {
  it('start with a ready item sent once the stream listens, so the browser refetches what it loaded before', async () => {
    const director = await createUser(shared.deps.db, 'director');
    const bus = manualLiveBus();
    let listens = false;
    // A loaded server: subscribing (opening the LISTEN connection) takes a while.
    const slowBus: typeof bus = {
      ...bus,
      async subscribe(listener) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const unsubscribe = await bus.subscribe(listener);
        listens = true;
        return unsubscribe;
      },
    };
    const controller = new AbortController();
    const stream = await apiAs(shared.deps, sessionUser(director, 'director'), slowBus, { signal: controller.signal }).live.events();
    const items = stream[Symbol.asyncIterator]();
    const first = await Promise.race([items.next(), new Promise<'nothing'>((resolve) => setTimeout(() => resolve('nothing'), 5_000))]);
    expect(first !== 'nothing' && !first.done && itemOf(first.value)).toEqual({ type: 'stream.ready' });
    expect(listens).toBe(true);
    // Anything after it arrives.
    bus.emit(messageEvent(7, 70));
    const next = await items.next();
    expect(!next.done && itemOf(next.value)).toMatchObject({ type: 'message.created', dialogId: 7 });
    controller.abort();
    await items.return?.(undefined);
  });

  it('reach a manager for their lines and their own dialogs only', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const mine = await createLine(shared.deps.db, { operators: [anna.id] });
    const other = await createLine(shared.deps.db, { operators: [boris.id] });
    const borisDialog = await insertDialog(shared.deps.db, { lineId: other.lineId, channelId: other.channelId, status: 'in_work', operatorId: boris.id });
    const routedToAnna = await insertDialog(shared.deps.db, { lineId: other.lineId, channelId: other.channelId, status: 'in_work', operatorId: anna.id });

    const got = await received(sessionUser(anna, 'manager'), [
      messageEvent(1001, mine.lineId),
      messageEvent(borisDialog, other.lineId),
      dialogEvent(borisDialog, other.lineId, boris.id),
      messageEvent(routedToAnna, other.lineId),
      dialogEvent(2002, other.lineId, null, [anna.id]),
      messageEvent(2002, other.lineId),
    ]);
    expect(got).toEqual([
      `message.created:1001`,
      `message.created:${routedToAnna}`,
      `dialog.updated:2002`,
      `message.created:2002`,
    ]);
  });

  it("do not reach a manager for a colleague's dialog in their line, save the event of it leaving the queue", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id, boris.id] });
    const borisDialog = await insertDialog(shared.deps.db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: boris.id });

    const got = await received(sessionUser(anna, 'manager'), [
      messageEvent(borisDialog, line.lineId),
      dialogEvent(borisDialog, line.lineId, boris.id),
      dialogEvent(3003, line.lineId, null),
      messageEvent(3003, line.lineId),
      dialogEvent(3003, line.lineId, boris.id),
      messageEvent(3003, line.lineId),
      dialogEvent(3003, line.lineId, boris.id),
    ]);
    expect(got).toEqual(['dialog.updated:3003', 'message.created:3003', 'dialog.updated:3003']);
  });

  it('reach a colleague invited into a dialog of a line they do not serve', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const expert = await createUser(shared.deps.db, 'manager');
    const other = await createLine(shared.deps.db, { operators: [anna.id] });
    const dialogId = await insertDialog(shared.deps.db, { lineId: other.lineId, channelId: other.channelId, status: 'in_work', operatorId: anna.id });

    const got = await received(sessionUser(expert, 'manager'), [
      messageEvent(dialogId, other.lineId),
      dialogEvent(dialogId, other.lineId, anna.id, [], [expert.id]),
      messageEvent(dialogId, other.lineId),
    ]);
    expect(got).toEqual([`dialog.updated:${dialogId}`, `message.created:${dialogId}`]);
  });

  it('reach supervisors for every line', async () => {
    const director = await createUser(shared.deps.db, 'director');
    const got = await received(sessionUser(director, 'director'), [messageEvent(1, 77), dialogEvent(2, 88, 'someone')]);
    expect(got).toEqual(['message.created:1', 'dialog.updated:2']);
  });

  it('follow a role change and end at a deactivation while the stream stays open', async () => {
    const db = shared.deps.db;
    const dana = await createUser(db, 'director');
    const elsewhere = await createLine(db, { operators: [] });
    const bus = manualLiveBus();
    const controller = new AbortController();
    const stream = await apiAs(shared.deps, sessionUser(dana, 'director'), bus, { signal: controller.signal }).live.events();
    const events = stream[Symbol.asyncIterator]();
    const next = async () => {
      const { value } = await events.next();
      const event = (Array.isArray(value) ? value[1] : value?.data) as LiveEvent;
      return `${event.type}:${event.dialogId}`;
    };
    const waitForRecheck = () => new Promise((resolve) => setTimeout(resolve, ACCESS_RECHECK_MS + 100));
    try {
      // The stream's first item says it listens; what happens from then on reaches it.
      expect(await next()).toBe('stream.ready:undefined');
      bus.emit(messageEvent(501, elsewhere.lineId));
      expect(await next()).toBe('message.created:501');

      // Demoted to manager: another line's dialogs are no longer hers to follow.
      await db.updateTable('users').set({ role: 'manager' }).where('id', '=', dana.id).execute();
      await waitForRecheck();
      bus.emit(messageEvent(502, elsewhere.lineId));
      bus.emit(dialogEvent(503, elsewhere.lineId, dana.id));
      expect(await next()).toBe('dialog.updated:503');

      await db.updateTable('users').set({ active: false }).where('id', '=', dana.id).execute();
      await waitForRecheck();
      bus.emit(dialogEvent(503, elsewhere.lineId, dana.id));
      const ended = await next().then(
        () => null,
        (error: unknown) => error,
      );
      expect(ended).toBeInstanceOf(TRPCError);
      expect((ended as TRPCError).code).toBe('FORBIDDEN');
      expect((ended as TRPCError).message).toMatch(/deactivated/);
    } finally {
      controller.abort();
    }
  });

  it('fan one event out to many open streams, each as its user may see it now, with one access read for all of them', async () => {
    // A database handle that counts the reads of users' access (role, active) the streams make.
    let accessReads = 0;
    const db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: createPool(shared.databaseUrl, { max: 4 }) }),
      log: (event) => {
        if (event.level === 'query' && /^select (?:"id", )?"role", "active" from "users"/.test(event.query.sql)) accessReads++;
      },
    });
    const directors = await Promise.all(Array.from({ length: 4 }, () => createUser(db, 'director')));
    const managers = await Promise.all(Array.from({ length: 4 }, () => createUser(db, 'manager')));
    const line = await createLine(db, { operators: managers.slice(0, 3).map((m) => m.id) });
    const bus = manualLiveBus();
    const controller = new AbortController();
    try {
      const streams = await Promise.all(
        [...directors.map((u) => sessionUser(u, 'director')), ...managers.map((u) => sessionUser(u, 'manager'))].map(async (user) => {
          const stream = await apiAs({ ...shared.deps, db }, user, bus, { signal: controller.signal }).live.events();
          const events = stream[Symbol.asyncIterator]();
          expect(itemOf((await events.next()).value as unknown as [string, unknown]).type).toBe('stream.ready');
          /** What the user's inbox gets next: an event's id, or how the stream ended. */
          return async () =>
            events.next().then(
              ({ value }) => {
                const item = itemOf(value as unknown as [string, unknown]);
                return `${item.type}:${(item as LiveEvent).dialogId}`;
              },
              (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
            );
        }),
      );
      // Meanwhile an admin deactivates the first director.
      await db.updateTable('users').set({ active: false }).where('id', '=', directors[0]!.id).execute();
      await new Promise((resolve) => setTimeout(resolve, ACCESS_RECHECK_MS + 100));
      accessReads = 0;

      bus.emit(messageEvent(901, line.lineId));
      // The last manager does not serve the line: a marker naming their own dialog shows what they got first.
      bus.emit(dialogEvent(902, -1, managers[3]!.id));
      const got = await Promise.all(streams.map((next) => next()));
      expect(got).toEqual(['FORBIDDEN', ...Array.from({ length: 6 }, () => 'message.created:901'), 'dialog.updated:902']);
      expect(accessReads).toBe(1);
    } finally {
      controller.abort();
      await db.destroy();
    }
  });
});
