import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { deleteEndedRateLimits, hitRateLimit } from '../../db/queries/rate-limits';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { createWidgetLimiters, DEFAULT_WIDGET_LIMITS, type WidgetLimits } from '../../web/server/channels/widget/limits';
import { handleSendMessage } from '../../web/server/channels/widget/messages';
import type { WidgetErrorBody, WidgetSession } from '../../web/server/channels/widget/schemas';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { handleStream } from '../../web/server/channels/widget/stream';
import { createStreamRegistry } from '../../web/server/channels/widget/stream-caps';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { fromPeer } from '../support/peer';
import { startTestWorker, type RunningTestWorker } from '../support/worker';

/**
 * The public widget API under a flood: every per-client limit answers 429 with Retry-After and a
 * message naming the limit, stores nothing for a refused request, and is shared by web servers
 * (two database pools here stand for two replicas). Small limits keep the floods short.
 */
let database: TestDatabase;
let worker: RunningTestWorker;
let secondReplicaDb: Database;
let channelKey: string;

const small: WidgetLimits = {
  sessionsPerAddress: { limit: 3, windowMs: 60_000 },
  newDialogsPerAddress: { limit: 2, windowMs: 3_600_000 },
  messagesPerVisitor: { limit: 3, windowMs: 60_000 },
};

function depsOn(db: Database, overrides: Partial<WidgetDeps> = {}): WidgetDeps {
  return {
    db,
    temporal: worker.client,
    taskQueue: worker.taskQueue,
    secret: TEST_SECRET,
    live: { subscribe: async () => () => undefined },
    limiters: createWidgetLimiters(db, small),
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
  secondReplicaDb = createDb(database.url);
  const operator = await createUser(worker.db, 'manager');
  ({ channelKey } = await createLine(worker.db, { operators: [operator.id] }));
});

afterAll(async () => {
  await secondReplicaDb?.destroy();
  await worker?.stop();
  await database?.destroy();
});

function createSession(deps: WidgetDeps, headers: Record<string, string>) {
  return handleCreateSession(deps, new Request(`http://widget.test/api/widget/${channelKey}/session`, { method: 'POST', headers }), channelKey);
}

async function sessionFor(address: string): Promise<WidgetSession> {
  // Unlimited sessions: these tests are about the other limits.
  const response = await createSession(depsOn(worker.db, { limiters: undefined }), fromPeer(address));
  return (await response.json()) as WidgetSession;
}

function sendFirst(deps: WidgetDeps, token: string, address: string, text = 'Hello') {
  return handleSendMessage(
    deps,
    new Request(`http://widget.test/api/widget/${channelKey}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...fromPeer(address) },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    }),
    channelKey,
  );
}

async function expectRefusal(response: Response, message: RegExp, maxRetryAfter: number): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(((await response.json()) as WidgetErrorBody).error.message).toMatch(message);
}

/** What the visitors wrote, and what it opened: the dialogs' own greetings arrive meanwhile and are not counted. */
async function rowCounts() {
  const count = async (table: 'messages' | 'contacts' | 'dialogs') =>
    Number((await worker.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const clientMessages = Number(
    (await worker.db.selectFrom('messages').where('author_kind', '=', 'client').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  return { messages: clientMessages, contacts: await count('contacts'), dialogs: await count('dialogs') };
}

describe('visitor sessions per address', () => {
  it('are limited across replicas, however X-Forwarded-For is faked, and other addresses go on', async () => {
    const replicaA = depsOn(worker.db);
    const replicaB = depsOn(secondReplicaDb);
    for (let i = 0; i < small.sessionsPerAddress.limit; i += 1) {
      const replica = i % 2 === 0 ? replicaA : replicaB;
      expect((await createSession(replica, fromPeer('198.51.100.10', `203.0.113.${i}`))).status).toBe(200);
    }
    await expectRefusal(
      await createSession(replicaB, fromPeer('198.51.100.10', '203.0.113.99')),
      /Too many new chat sessions from your network address: the limit is 3 per minute\. Try again in \d+ seconds/,
      60,
    );
    expect((await createSession(replicaA, fromPeer('198.51.100.11'))).status).toBe(200);
  });

  it('are counted per network behind trusted proxies, by the hop the proxy appended', async () => {
    const behindProxy = depsOn(worker.db, { trustedProxies: [[(await import('ipaddr.js')).default.parse('10.0.0.0'), 8]] });
    for (let i = 0; i < small.sessionsPerAddress.limit; i += 1) {
      expect((await createSession(behindProxy, fromPeer('10.0.0.2', `6.6.6.${i}, 198.51.100.20`))).status).toBe(200);
    }
    expect((await createSession(behindProxy, fromPeer('10.0.0.3', '6.6.6.99, 198.51.100.20'))).status).toBe(429);
    // Another client behind the same proxy is someone else.
    expect((await createSession(behindProxy, fromPeer('10.0.0.2', '198.51.100.21'))).status).toBe(200);
  });

  it('default to 20 a minute', () => {
    expect(DEFAULT_WIDGET_LIMITS.sessionsPerAddress).toEqual({ limit: 20, windowMs: 60_000 });
  });
});

describe('new dialogs per address', () => {
  it('are refused past the limit with nothing stored, while open dialogs go on', async () => {
    const deps = depsOn(worker.db);
    const address = '198.51.100.30';
    const first = await sessionFor(address);
    expect((await sendFirst(deps, first.token, address)).status).toBe(202);
    expect((await sendFirst(depsOn(secondReplicaDb), (await sessionFor(address)).token, address)).status).toBe(202);

    const before = await rowCounts();
    await expectRefusal(
      await sendFirst(deps, (await sessionFor(address)).token, address, 'A third new chat'),
      /Too many new conversations from your network address: the limit is 2 per hour\. Try again in \d+ minutes/,
      3600,
    );
    expect(await rowCounts()).toEqual(before);

    // The first visitor's dialog is open: writing in it opens nothing new.
    expect((await sendFirst(deps, first.token, address, 'Still there?')).status).toBe(202);
    // Another address may still start a chat.
    expect((await sendFirst(deps, (await sessionFor('198.51.100.31')).token, '198.51.100.31')).status).toBe(202);
  });
});

describe('messages per visitor', () => {
  it('are limited per visitor, not per address', async () => {
    const deps = depsOn(worker.db, { limiters: createWidgetLimiters(worker.db, { ...small, newDialogsPerAddress: { limit: 100, windowMs: 60_000 } }) });
    const visitor = await sessionFor('198.51.100.40');
    for (let i = 0; i < small.messagesPerVisitor.limit; i += 1) {
      expect((await sendFirst(deps, visitor.token, `198.51.100.${41 + i}`)).status).toBe(202);
    }
    const before = await rowCounts();
    await expectRefusal(await sendFirst(deps, visitor.token, '198.51.100.49'), /Too many messages from this chat window: the limit is 3 per minute/, 60);
    expect(await rowCounts()).toEqual(before);
    expect((await sendFirst(deps, (await sessionFor('198.51.100.40')).token, '198.51.100.40')).status).toBe(202);
  });
});

describe('request bodies', () => {
  it('are refused with 413 naming the limit while they stream in, before being read whole', async () => {
    const visitor = await sessionFor('198.51.100.50');
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const response = await handleSendMessage(
      depsOn(worker.db),
      new Request(`http://widget.test/api/widget/${channelKey}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
      channelKey,
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as WidgetErrorBody).error).toMatchObject({ message: expect.stringMatching(/body: must be at most 32 kB \(32768 bytes\)/) });
    expect(pulled).toBeLessThan(128 * 1024);
  });

  it('are refused unread when their declared length is over the limit', async () => {
    const response = await createSession(depsOn(worker.db), { 'content-length': String(10 * 1024 * 1024), ...fromPeer('198.51.100.51') });
    expect(response.status).toBe(413);
  });
});

describe('live streams', () => {
  function openStream(deps: WidgetDeps, token: string) {
    const abort = new AbortController();
    const url = `http://widget.test/api/widget/${channelKey}/stream?token=${encodeURIComponent(token)}`;
    return handleStream(deps, new Request(url, { signal: abort.signal }), channelKey).then((response) => ({ response, close: () => abort.abort() }));
  }

  it('are capped per visitor and in total, and a closed stream frees its place', async () => {
    const deps = depsOn(worker.db, { streams: createStreamRegistry({ perVisitor: 2, total: 3 }), heartbeatMs: 60_000 });
    const alice = await sessionFor('198.51.100.60');
    const bob = await sessionFor('198.51.100.61');
    const carol = await sessionFor('198.51.100.62');

    const aliceStreams = [await openStream(deps, alice.token), await openStream(deps, alice.token)];
    expect(aliceStreams.map((s) => s.response.status)).toEqual([200, 200]);
    await expectRefusal((await openStream(deps, alice.token)).response, /Too many live connections for this chat visitor: the limit is 2 at once/, 60);

    aliceStreams[0]?.close();
    const again = await openStream(deps, alice.token);
    expect(again.response.status).toBe(200);

    const bobs = await openStream(deps, bob.token);
    expect(bobs.response.status).toBe(200);
    await expectRefusal((await openStream(deps, carol.token)).response, /The chat server has too many live connections: the limit is 3 at once per server/, 60);

    bobs.close();
    const carols = await openStream(deps, carol.token);
    expect(carols.response.status).toBe(200);
    for (const stream of [aliceStreams[1], again, carols]) stream?.close();
  });
});

describe('the shared counters', () => {
  it('start again when their window turns, and ended windows are deleted', async () => {
    const key = `test-window:${randomUUID()}`;
    expect(await hitRateLimit(worker.db, key, 1_000)).toMatchObject({ hits: 1, secondsLeft: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await hitRateLimit(worker.db, key, 1_000)).hits).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await deleteEndedRateLimits(worker.db)).toBeGreaterThanOrEqual(1);
    expect(await worker.db.selectFrom('rate_limits').select('key').where('key', '=', key).executeTakeFirst()).toBeUndefined();
  });
});
