import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signatureProblem } from '../../channels/custom/signature';
import { encryptSecrets } from '../../channels/secrets';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import type { WebhookEventType, WebhookPayload } from '../../domain/webhooks';
import { TEST_SECRET } from '../support/env';
import { eventually, sendClientMessage, terminateDialogs } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { startWebhookSweeper, type WebhookSweeper } from '../../worker/webhook-sweeper';
import { apiAs, rejection, sessionUser } from '../web/helpers';

/**
 * Outgoing webhooks end to end: a real dialog on the Temporal dev server, the worker's sweeper and
 * delivery workflow, and a receiver on 127.0.0.1 (allowed as HTTP_ALLOWED_INTERNAL_HOSTS would,
 * like the flow HTTP tests).
 */
const allowList = internalHostAllowList('127.0.0.1');
const shared = useTestWorker({ httpAllowList: allowList });
const deps = () => ({ db: shared.worker.db, temporal: shared.worker.client, taskQueue: shared.worker.taskQueue, httpAllowList: allowList });
const quietLine = { greeting: { enabled: false }, rating: { enabled: false } } as const;

let sweeper: WebhookSweeper;
beforeAll(() => {
  sweeper = startWebhookSweeper({ db: shared.worker.db, temporal: shared.worker.client, taskQueue: shared.worker.taskQueue }, { intervalMs: 200 });
});
afterAll(async () => {
  await sweeper.stop();
});

const servers: Server[] = [];
const dialogs = new Set<number>();
afterEach(async () => {
  await terminateDialogs(shared.worker.client, dialogs);
  dialogs.clear();
  // Each test's subscriptions hear only its own dialogs.
  await shared.worker.db.deleteFrom('webhook_subscriptions').execute();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  payload: WebhookPayload;
}

/** A receiver answering with the given statuses in turn (the last one from then on). */
async function receiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, payload: JSON.parse(body) as WebhookPayload });
      const status = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status < 300 ? { ok: true } : { error: `try again later (${received.length})` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openlines`, received };
}

async function adminApi() {
  const admin = await createUser(shared.worker.db, 'admin', 'Ada Admin', { atWork: false });
  return apiAs(deps(), sessionUser(admin, 'admin'));
}

async function startDialog(text = 'Where is my parcel?') {
  const operator = await createUser(shared.worker.db);
  const line = await createLine(shared.worker.db, { operators: [operator.id], settings: quietLine });
  const { dialogId } = await sendClientMessage(deps(), line.channelId, { text });
  dialogs.add(dialogId);
  return { dialogId, line, operator };
}

describe('outgoing webhooks', () => {
  it('signs each delivery with the subscription secret (shown once) and sends a stable payload', async () => {
    const api = await adminApi();
    const target = await receiver();
    const { subscription, secret } = await api.webhooks.create({ url: target.url, description: 'CRM', events: ['dialog.started', 'message.created'] });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await api.webhooks.list())).not.toContain(secret);

    const { dialogId, line } = await startDialog('Where is my parcel?');
    await eventually(async () => target.received.length >= 2);
    const started = target.received.find((r) => r.payload.type === 'dialog.started')!;
    const message = target.received.find((r) => r.payload.type === 'message.created')!;
    expect(started.payload).toMatchObject({ id: expect.stringMatching(/^evt_\d+$/), type: 'dialog.started', data: { dialog: { id: dialogId, line_id: line.lineId, status: 'queued' } } });
    expect(new Date(started.payload.created_at).toISOString()).toBe(started.payload.created_at);
    expect(message.payload.data).toMatchObject({ dialog: { id: dialogId }, message: { text: 'Where is my parcel?', author_kind: 'client' } });

    for (const { headers, body } of [started, message]) {
      const header = headers['openlines-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(signatureProblem(secret, header, Buffer.from(body))).toBeNull();
      expect(signatureProblem('whsec_someone-elses-secret', header, Buffer.from(body))).toMatch(/does not match/);
      expect(headers['content-type']).toBe('application/json');
    }
    expect(started.headers['openlines-event-id']).toBe(started.payload.id);

    const log = await api.webhooks.deliveries({ subscriptionId: subscription.id });
    expect(log.deliveries.map((d) => d.type).sort()).toEqual(['dialog.started', 'message.created']);
    await eventually(async () => (await api.webhooks.deliveries({ subscriptionId: subscription.id })).deliveries.every((d) => d.status === 'delivered'));
  });

  it('retries with back-off after a failing receiver, logs every attempt, and sends again on request', async () => {
    const api = await adminApi();
    const target = await receiver([500, 503, 200]);
    const { subscription } = await api.webhooks.create({ url: target.url, events: ['dialog.started'] });
    const { dialogId } = await startDialog();

    const delivered = await eventually(async () => {
      const [delivery] = (await api.webhooks.deliveries({ subscriptionId: subscription.id })).deliveries;
      return delivery?.status === 'delivered' ? delivery : undefined;
    }, 30_000);
    expect(delivered).toMatchObject({ type: 'dialog.started', dialogId, round: 1, lastStatusCode: 200, lastError: null });
    expect(delivered.attempts.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    expect(delivered.attempts[0]).toMatchObject({ error: 'the receiver answered 500', responseExcerpt: '{"error":"try again later (1)"}' });
    expect(delivered.attempts[2]).toMatchObject({ error: null, responseExcerpt: '{"ok":true}' });
    for (const attempt of delivered.attempts) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    // Back-off: the retries came at least 1 s and then 2 s later.
    const [first, second, third] = delivered.attempts.map((a) => a.at.getTime());
    expect(second! - first!).toBeGreaterThanOrEqual(900);
    expect(third! - second!).toBeGreaterThanOrEqual(1_800);
    // Every attempt carries the same event: receivers can ignore repeats by its id.
    expect(new Set(target.received.map((r) => r.payload.id)).size).toBe(1);

    await api.webhooks.redeliver({ subscriptionId: subscription.id, deliveryId: delivered.id });
    const again = await eventually(async () => {
      const [delivery] = (await api.webhooks.deliveries({ subscriptionId: subscription.id })).deliveries;
      return delivery?.round === 2 && delivery.status === 'delivered' ? delivery : undefined;
    });
    expect(again.attempts.map((a) => [a.round, a.statusCode])).toEqual([
      [1, 500],
      [1, 503],
      [1, 200],
      [2, 200],
    ]);
    expect(target.received).toHaveLength(4);
    expect(target.received[3]!.body).toBe(target.received[2]!.body);

    const missing = await rejection(api.webhooks.redeliver({ subscriptionId: subscription.id, deliveryId: delivered.id + 100_000 }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('refuses a private address when the webhook is saved, and at delivery when it slipped in', async () => {
    const api = await adminApi();
    const refused = await rejection(api.webhooks.create({ url: 'http://10.1.2.3/hooks', events: ['dialog.closed'] }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/^url: 10\.1\.2\.3 is an internal address \(blocked\); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS/);

    // Written past the service (e.g. the address resolved elsewhere when it was saved): the worker checks every delivery.
    const row = await shared.worker.db
      .insertInto('webhook_subscriptions')
      .values({ url: 'http://169.254.169.254/latest/meta-data', events: ['dialog.started'], secret_encrypted: encryptSecrets(TEST_SECRET, { secret: 's' }), created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await startDialog();
    const failed = await eventually(async () => {
      const [delivery] = (await api.webhooks.deliveries({ subscriptionId: row.id })).deliveries;
      return delivery?.status === 'failed' ? delivery : undefined;
    });
    // Refused once, not retried: another attempt cannot make the address public.
    expect(failed.attempts).toHaveLength(1);
    expect(failed.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/169\.254\.169\.254 is an internal address \(blocked\)/) });
  });

  it('queues an event only with the change that made it, for the subscriptions that want its type', async () => {
    const api = await adminApi();
    const db = shared.worker.db;
    const { subscription } = await api.webhooks.create({ url: 'https://crm.example.com/hooks', events: ['dialog.assigned', 'dialog.transferred', 'dialog.closed', 'rating.received', 'dialog.offered'], active: false });
    await api.webhooks.update({ id: subscription.id, url: subscription.url, description: '', events: subscription.events, active: true });
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id] });
    const contact = await db.insertInto('contacts').values({ name: 'Rollback' }).returning('id').executeTakeFirstOrThrow();
    // Paused: no delivery may be started to the unreachable example host while we look.
    await sweeper.stop();
    try {
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('dialogs').values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'queued' }).execute();
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      const dialog = await db.insertInto('dialogs').values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'queued' }).returning('id').executeTakeFirstOrThrow();
      const kinds = ['offered', 'accepted', 'first_answer', 'pinned', 'transferred', 'taken_over', 'closed', 'rated', 'supervisor_rated'];
      for (const kind of kinds) {
        await db.insertInto('dialog_events').values({ dialog_id: dialog.id, kind, actor_user_id: operator.id, data: JSON.stringify({ kind }) }).execute();
      }
      const queued = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
        .select(['e.type', 'e.data'])
        .where('d.subscription_id', '=', subscription.id)
        .orderBy('d.id')
        .execute();
      expect(queued.map((q) => q.type)).toEqual<WebhookEventType[]>(['dialog.offered', 'dialog.assigned', 'dialog.transferred', 'dialog.assigned', 'dialog.closed', 'rating.received']);
      expect(queued[1]!.data).toMatchObject({ dialog: { id: dialog.id, line_id: line.lineId }, event: { kind: 'accepted', actor_user_id: operator.id } });
      await api.webhooks.delete({ id: subscription.id });
      expect(await db.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', subscription.id).execute()).toEqual([]);
    } finally {
      sweeper = startWebhookSweeper({ db, temporal: shared.worker.client, taskQueue: shared.worker.taskQueue }, { intervalMs: 200 });
    }
  });

  it('names the field of a subscription the admin got wrong', async () => {
    const api = await adminApi();
    const noEvents = await rejection(api.webhooks.create({ url: 'https://crm.example.com/hooks', events: [] }));
    expect(noEvents.code).toBe('BAD_REQUEST');
    expect(noEvents.message).toMatch(/Choose at least one event/);
    const manager = apiAs(deps(), sessionUser(await createUser(shared.worker.db), 'manager'));
    expect((await rejection(manager.webhooks.list())).code).toBe('FORBIDDEN');
  });
});
