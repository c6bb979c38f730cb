import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptUpdate, replyUpdate } from '../../domain/messages';
import { ensureTemporalCli } from '../../scripts/temporal-binaries';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/temporal-dev-server';
import { findFreePort } from '../../scripts/support/free-port';
import { startOutboxSweeper, type OutboxSweeper } from '../../worker/outbox-sweeper';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogHandle, eventually, sendClientMessage, signalsPerMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';

/**
 * Temporal goes down while clients write: every message is stored with its pending signal, the
 * visitor is answered, and once Temporal is back the worker's outbox sweeper gives every dialog
 * its workflow and every message its signal, once, in order. A Temporal dev server of its own
 * (persistent SQLite file, fixed port) so it can be stopped and started again with its state.
 */
let dataDir: string;
let server: TemporalDevServer | undefined;
let serverOptions: Parameters<typeof startTemporalDevServer>[0];
let database: TestDatabase;
let worker: RunningTestWorker;
let sweeper: OutboxSweeper;
// The web server's kind of client: connects lazily, reconnects when the server is back.
let webClient: Client;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'openlines-outbox-'));
  serverOptions = { cliPath: await ensureTemporalCli(), port: await findFreePort(), uiPort: await findFreePort(), headless: true, dbFile: join(dataDir, 'temporal.sqlite') };
  server = await startTemporalDevServer(serverOptions);
  database = await createTestDatabase();
  worker = await startTestWorker(database.url, { temporalAddress: server.address });
  webClient = new Client({ connection: Connection.lazy({ address: server.address }), namespace: 'default' });
  sweeper = startOutboxSweeper({ db: worker.db, temporal: webClient, taskQueue: worker.taskQueue, temporalTimeoutMs: 2_000 }, { intervalMs: 500 });
});

afterAll(async () => {
  await sweeper?.stop();
  await worker?.stop();
  await webClient?.connection.close();
  await server?.stop();
  await database?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('delivers every message stored while Temporal was down, once and in order, when it is back', async () => {
  const operator = await createUser(worker.db, 'manager', 'Anna');
  const { channelId } = await createLine(worker.db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  const inbound = { db: worker.db, temporal: webClient, taskQueue: worker.taskQueue, temporalTimeoutMs: 1_000 };

  // Before the outage: a dialog under way, answered by its operator.
  const known = randomUUID();
  const existing = await sendClientMessage(inbound, channelId, { visitorId: known, text: 'My order is late' });
  await waitForState(webClient, existing.dialogId, (s) => s.offeredTo.includes(operator.id));
  await dialogHandle(webClient, existing.dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
  await dialogHandle(webClient, existing.dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Let me check.' }] });

  await server!.stop();
  server = undefined;

  // During it: an existing dialog hears from its client, two new visitors write twice each.
  const written = [await sendClientMessage(inbound, channelId, { visitorId: known, text: 'Any news?' })];
  for (const visitorId of [randomUUID(), randomUUID()]) {
    written.push(await sendClientMessage(inbound, channelId, { visitorId, text: 'Hello?' }));
    written.push(await sendClientMessage(inbound, channelId, { visitorId, text: 'Is anyone there?' }));
  }
  expect(written.map((w) => w.route)).toEqual(['open', 'new', 'open', 'new', 'open']);
  // Every one is stored with its signal pending, and the sweeper keeps trying each dialog's oldest
  // (a later message waits behind it: the workflow must hear them in order).
  await eventually(async () => {
    const rows = await worker.db.selectFrom('inbound_outbox').selectAll().execute();
    return rows.length === written.length && rows.filter((r) => r.attempts >= 2 && r.last_error !== null).length === 3;
  });

  server = await startTemporalDevServer(serverOptions);

  await eventually(async () => (await worker.db.selectFrom('inbound_outbox').select('message_id').execute()).length === 0, 60_000);
  const newDialogs = [...new Set(written.filter((w) => w.route === 'new').map((w) => w.dialogId))];
  expect(newDialogs).toHaveLength(2);
  for (const dialogId of newDialogs) await waitForState(webClient, dialogId, (s) => s.offeredTo.includes(operator.id));
  // The client wrote last again: the operator owes an answer.
  await waitForState(webClient, existing.dialogId, (s) => s.status === 'in_work');

  for (const dialogId of [existing.dialogId, ...newDialogs]) {
    const expected = [existing, ...written].filter((w) => w.dialogId === dialogId).map((w) => [w.messageId, 1]);
    expect(await signalsPerMessage(webClient, dialogId)).toEqual(new Map(expected as [number, number][]));
  }
  await terminateDialogs(webClient, [existing.dialogId, ...newDialogs]);
});
