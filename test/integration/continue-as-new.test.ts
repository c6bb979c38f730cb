import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptUpdate, replyUpdate } from '../../domain/messages';
import { ensureTemporalCli } from '../../scripts/temporal-binaries';
import { startThrowawayTemporal, type TemporalDevServer } from '../../scripts/temporal-dev-server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogHandle, dialogRow, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';

/**
 * SPEC §4 rule 9 on a real Temporal server whose "suggest continue-as-new" threshold is set low:
 * a long conversation hands its state and its pending deadlines to a fresh run.
 */
const SUGGEST_AFTER_EVENTS = 60;
let server: TemporalDevServer | undefined;
let database: TestDatabase | undefined;
let worker: RunningTestWorker | undefined;

beforeAll(async () => {
  server = await startThrowawayTemporal(await ensureTemporalCli(), { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AFTER_EVENTS } });
  database = await createTestDatabase();
  worker = await startTestWorker(database.url, { temporalAddress: server.address });
});

afterAll(async () => {
  await worker?.stop();
  await database?.destroy();
  await server?.stop();
});

function ready() {
  if (!worker) throw new Error('the worker starts in beforeAll');
  return worker;
}

describe('continue-as-new', () => {
  it('continues a long dialog in a fresh run with the same operator, status, messages and auto-close deadline', async () => {
    const { db, client, taskQueue } = ready();
    const anna = await createUser(db, 'manager', 'Anna');
    const { channelId } = await createLine(db, { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const visitorId = 'long-talker';
    const deps = { db, temporal: client, taskQueue };
    const { dialogId } = await sendClientMessage(deps, channelId, { visitorId });
    const handle = dialogHandle(client, dialogId);
    await waitForState(client, dialogId, (s) => s.offeredTo.includes(anna.id));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna.id }] });
    const firstRunId = (await handle.describe()).runId;

    // A long exchange: each turn adds a signal, an update and activities to the history.
    for (let turn = 0; turn < 15; turn++) {
      await sendClientMessage(deps, channelId, { visitorId, text: `question ${turn}` });
      await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: `answer ${turn}` }] });
    }
    const lastReplyAt = Date.now();

    await expect.poll(async () => (await handle.describe()).runId, { timeout: 30_000 }).not.toBe(firstRunId);
    const firstRun = await client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
    const lastEvent = firstRun.events?.at(-1);
    expect(lastEvent?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

    // The new run knows the dialog as it was: Anna's, waiting for the client.
    const state = await waitForState(client, dialogId, (s) => s.status === 'waiting_client');
    expect(state).toMatchObject({ operatorId: anna.id, offeredTo: [] });
    expect((await dialogRow(db, dialogId)).status).toBe('waiting_client');

    // …and re-arms the 7-day auto-close, counted from Anna's last answer, not from the new run.
    await expect.poll(async () => pendingTimerOf(await handle.fetchHistory()), { timeout: 20_000 }).toBeDefined();
    const armed = pendingTimerOf(await handle.fetchHistory())!;
    const sevenDays = 7 * 24 * 3600;
    expect(armed.firesInSeconds).toBeLessThanOrEqual(sevenDays);
    expect(armed.firesInSeconds).toBeGreaterThan(sevenDays - (Date.now() - lastReplyAt) / 1000 - 60);

    // A client message still moves it along in the new run.
    await sendClientMessage(deps, channelId, { visitorId, text: 'one more' });
    await waitForState(client, dialogId, (s) => s.status === 'in_work');
    await handle.terminate('test finished');
  });
});

const { EventType } = temporal.api.enums.v1;

function pendingTimerOf(history: temporal.api.history.v1.IHistory): { firesInSeconds: number } | undefined {
  const started = history.events?.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) ?? [];
  const last = started.at(-1)?.timerStartedEventAttributes?.startToFireTimeout;
  return last ? { firesInSeconds: Number(last.seconds ?? 0) } : undefined;
}
