import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../channels/inbound';
import { dialogWorkflowId } from '../../domain/dialog';
import type { Database } from '../../db/client';
import { storeFile } from '../../storage/stored-files';
import { configuredFileStore } from '../../storage/file-store';
import { newStorageKey } from '../../storage/storage-keys';
import { getKpiViolations } from '../../web/server/services/kpi';
import { getStatisticsDashboard } from '../../web/server/services/statistics';
import { createRetentionActivities } from '../../activities/retention';
import { retentionSweepWorkflow, type RetentionSweepInput } from '../../workflows/retention-sweep';
import { terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * Retention (SPEC §9) on real PostgreSQL and Temporal: the daily sweep deletes a line's closed
 * dialogs older than its days — rows, messages, files with their bytes, workflow histories — writes
 * one audit entry with the counts, and leaves everything else alone: newer and open dialogs, other
 * lines, and the statistics, which must read the same before and after.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const started = new Set<number>();

afterEach(async () => {
  await terminateDialogs(testWorker.worker.client, started);
  started.clear();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number, plusMinutes = 0) => new Date(Date.now() - days * DAY_MS + plusMinutes * 60_000);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A dialog as the product makes one — the client writes, its workflow runs — then closed `closedDaysAgo` days ago, its workflow finished. */
async function dialogWithHistory(channelId: number, closedDaysAgo: number): Promise<number> {
  const { dialogId } = await receiveInboundMessage(deps(), {
    channelId,
    externalMessageId: randomUUID(),
    sender: { externalId: `visitor-${randomUUID()}`, name: 'Rita Retained' },
    text: 'Where is my order 4711?',
  });
  started.add(dialogId);
  await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');
  await testWorker.worker.client.workflow.getHandle(dialogWorkflowId(dialogId)).terminate('the test closes it in the past');
  // created_at is never updated by the app (the type says so); the test moves the dialog into the past.
  await sql`update dialogs set status = 'closed', close_reason = 'operator', created_at = ${daysAgo(closedDaysAgo + 1)}, closed_at = ${daysAgo(closedDaysAgo)} where id = ${dialogId}`.execute(
    testWorker.worker.db,
  );
  return dialogId;
}

/** A dialog written straight into the tables, created `createdDaysAgo` days ago, with what statistics count. */
async function storedDialog(
  db: Database,
  line: { lineId: number; channelId: number },
  story: { createdDaysAgo: number; closedDaysAgo?: number; operatorId: string },
): Promise<number> {
  const contact = await db.insertInto('contacts').values({ name: 'Oleg Old' }).returning('id').executeTakeFirstOrThrow();
  const createdAt = daysAgo(story.createdDaysAgo);
  const { id } = await db
    .insertInto('dialogs')
    .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'queued', operator_id: story.operatorId, created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message = (minutes: number, author: 'client' | 'operator') =>
    db
      .insertInto('messages')
      .values({ dialog_id: id, channel_id: line.channelId, author_kind: author, author_user_id: author === 'operator' ? story.operatorId : null, text: `text ${minutes}`, created_at: new Date(createdAt.getTime() + minutes * 60_000) })
      .execute();
  await message(0, 'client');
  await message(3, 'operator');
  await message(10, 'client');
  await message(12, 'operator');
  await db.updateTable('dialogs').set({ status: 'in_work', first_answer_at: new Date(createdAt.getTime() + 3 * 60_000) }).where('id', '=', id).execute();
  await db.insertInto('kpi_violations').values({ dialog_id: id, line_id: line.lineId, operator_id: story.operatorId, kind: 'first_answer', limit_minutes: 1, waiting_since: createdAt }).execute();
  await db.insertInto('leads').values({ contact_id: contact.id, dialog_id: id, line_id: line.lineId, title: 'Wants 40 chairs' }).execute();
  await db
    .insertInto('flow_path_steps')
    .values({ dialog_id: id, run_started_at: createdAt, position: 0, flow_id: 1, version: 1, node_id: 'start', handle: 'next' })
    .execute();
  if (story.closedDaysAgo !== undefined) {
    await db.updateTable('dialogs').set({ status: 'closed', close_reason: 'operator', closed_at: daysAgo(story.closedDaysAgo), rating: '5', supervisor_rating: 4 }).where('id', '=', id).execute();
  }
  return id;
}

/** Everything the statistics pages show for the last 120 days, and the KPI report. */
async function statistics(db: Database, now: Date) {
  const filters = { from: isoDay(daysAgo(120)), to: isoDay(daysAgo(-1)) };
  return {
    dashboard: await getStatisticsDashboard({ db, now: () => now }, filters),
    kpi: await getKpiViolations({ db }, { from: daysAgo(120) }, 100),
    flowSteps: await db.selectFrom('flow_path_steps').select(['dialog_id', 'node_id', 'handle']).orderBy('dialog_id').execute(),
  };
}

function runSweep(input: RetentionSweepInput = {}) {
  return testWorker.worker.client.workflow.execute(retentionSweepWorkflow, { taskQueue: testWorker.worker.taskQueue, workflowId: `retention-sweep-${randomUUID()}`, args: [input] });
}

async function historyExists(dialogId: number): Promise<boolean> {
  try {
    await testWorker.worker.client.workflow.getHandle(dialogWorkflowId(dialogId)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** Which of the dialogs still have rows in the table, sorted. */
async function withRows(db: Database, table: 'dialogs' | 'messages' | 'files', dialogIds: number[]): Promise<number[]> {
  const rows =
    table === 'dialogs'
      ? await db.selectFrom('dialogs').select('id as dialog_id').where('id', 'in', dialogIds).execute()
      : await db.selectFrom(table).select('dialog_id').where('dialog_id', 'in', dialogIds).execute();
  return [...new Set(rows.map((row) => row.dialog_id).filter((id): id is number => id !== null))].sort((a, b) => a - b);
}

describe('the retention sweep', () => {
  it('deletes a line\'s closed dialogs older than its days with messages, files and histories, audits it once, and leaves the statistics as they were', async () => {
    const db = testWorker.worker.db;
    const files = configuredFileStore();
    const operator = await createUser(db, 'manager', 'Nina Numbers');
    const line = await createLine(db, { name: 'Kept 30 days', operators: [] });
    const other = await createLine(db, { name: 'Kept forever', operators: [] });
    await db.updateTable('lines').set({ retention_days: 30 }).where('id', '=', line.lineId).execute();

    const oldWithHistory = await dialogWithHistory(line.channelId, 40);
    const file = await storeFile({ db, files }, { dialogId: oldWithHistory, name: 'invoice.pdf', mimeType: 'application/pdf', data: new TextEncoder().encode('invoice 4711') });
    const { storage_key: storageKey } = await db.selectFrom('files').select('storage_key').where('id', '=', file).executeTakeFirstOrThrow();
    const oldStored = await storedDialog(db, line, { createdDaysAgo: 45, closedDaysAgo: 40, operatorId: operator.id });
    const recentWithHistory = await dialogWithHistory(line.channelId, 10);
    const openButOld = await storedDialog(db, line, { createdDaysAgo: 90, operatorId: operator.id });
    const otherLine = await storedDialog(db, other, { createdDaysAgo: 45, closedDaysAgo: 40, operatorId: operator.id });
    const old = [oldWithHistory, oldStored];
    const kept = [recentWithHistory, openButOld, otherLine];
    const oldMessages = (await db.selectFrom('messages').select('id').where('dialog_id', 'in', old).execute()).length;
    const keptMessages = (await db.selectFrom('messages').select('id').where('dialog_id', 'in', kept).execute()).length;
    expect(await historyExists(oldWithHistory)).toBe(true);

    const now = new Date();
    const before = await statistics(db, now);
    expect(before.dashboard.total.dialogs).toBe(5);
    expect(before.kpi.total).toBe(3);

    const first = await runSweep();

    expect(first.lines).toEqual([
      expect.objectContaining({ lineId: line.lineId, days: 30, dialogs: 2, messages: oldMessages, files: 1, workflowHistories: 1 }),
    ]);
    expect(await withRows(db, 'dialogs', [...old, ...kept])).toEqual([...kept].sort((a, b) => a - b));
    expect(await withRows(db, 'messages', old)).toEqual([]);
    expect((await db.selectFrom('messages').select('id').where('dialog_id', 'in', kept).execute()).length).toBe(keptMessages);
    expect(await withRows(db, 'files', old)).toEqual([]);
    expect(await files.read(storageKey!)).toBeUndefined();
    // Deleting an execution is asynchronous on the server: its history disappears shortly after.
    await expect.poll(() => historyExists(oldWithHistory), { timeout: 80_000, interval: 250 }).toBe(false);
    expect(await historyExists(recentWithHistory)).toBe(true);
    // The CRM keeps the lead; it no longer points at a dialog.
    expect(await db.selectFrom('leads').select('dialog_id').where('title', '=', 'Wants 40 chairs').orderBy('id').execute()).toEqual([
      { dialog_id: null },
      { dialog_id: openButOld },
      { dialog_id: otherLine },
    ]);

    const entries = await db.selectFrom('audit_log').selectAll().where('action', '=', 'line.old_dialogs_deleted').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_user_id: null, actor_api_key_id: null, subject_type: 'line', subject_id: String(line.lineId), before: null });
    expect(entries[0]!.after).toEqual({ days: 30, cutoff: first.lines[0]!.cutoff, dialogs: 2, messages: oldMessages, files: 1 });
    expect(Date.parse(first.lines[0]!.cutoff)).toBe(Date.parse(first.at) - 30 * DAY_MS);

    // A director's dashboard, the KPI report and flow analytics read as they did.
    expect(await statistics(db, now)).toEqual(before);

    const second = await runSweep();

    expect(second.lines).toEqual([expect.objectContaining({ lineId: line.lineId, dialogs: 0, messages: 0, files: 0 })]);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'line.old_dialogs_deleted').execute()).toHaveLength(1);
    expect(await withRows(db, 'dialogs', kept)).toEqual([...kept].sort((a, b) => a - b));
  }, 150_000);

  it('works through a line batch by batch across continued runs, and writes one entry with the totals', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db, 'manager');
    const line = await createLine(db, { name: 'Kept a week', operators: [] });
    await db.updateTable('lines').set({ retention_days: 7 }).where('id', '=', line.lineId).execute();
    const old = [];
    for (const closedDaysAgo of [8, 9, 10]) old.push(await storedDialog(db, line, { createdDaysAgo: closedDaysAgo + 1, closedDaysAgo, operatorId: operator.id }));

    // One dialog a batch, one batch a run: three runs delete, the fourth finds the line done.
    const result = await runSweep({ limits: { batchSize: 1, batchesPerRun: 1 } });

    expect(result.lines.find((l) => l.lineId === line.lineId)).toMatchObject({ days: 7, dialogs: 3, messages: 12, files: 0 });
    expect(await withRows(db, 'dialogs', old)).toEqual([]);
    const entries = await db.selectFrom('audit_log').select('after').where('action', '=', 'line.old_dialogs_deleted').where('subject_id', '=', String(line.lineId)).execute();
    expect(entries.map((e) => e.after)).toEqual([expect.objectContaining({ days: 7, dialogs: 3, messages: 12, files: 0 })]);
  });

  it('lets a retried step find its work done: rows gone are skipped, the run\'s entry is written once', async () => {
    const db = testWorker.worker.db;
    const activities = createRetentionActivities({ db, maxOpenDialogsPerOperator: 10 });
    const operator = await createUser(db, 'manager');
    const line = await createLine(db, { name: 'Retried', operators: [] });
    const dialogId = await storedDialog(db, line, { createdDaysAgo: 5, closedDaysAgo: 4, operatorId: operator.id });
    const at = new Date().toISOString();
    const run = { lineId: line.lineId, days: 3, cutoff: new Date(Date.now() - 3 * DAY_MS).toISOString() };

    const first = await activities.deleteRetentionRows({ ...run, dialogIds: [dialogId] });
    const retried = await activities.deleteRetentionRows({ ...run, dialogIds: [dialogId] });
    expect([first.dialogs, retried.dialogs]).toEqual([1, 0]);
    // Bytes removed by the attempt that failed to report back: nothing there is no error.
    await activities.removeRetentionFileBytes({ storageKeys: [newStorageKey()] });

    await activities.auditRetentionRun({ ...run, at, dialogs: 1, messages: first.messages, files: 0 });
    await activities.auditRetentionRun({ ...run, at, dialogs: 1, messages: first.messages, files: 0 });
    const entries = await db.selectFrom('audit_log').select('id').where('action', '=', 'line.old_dialogs_deleted').where('subject_id', '=', String(line.lineId)).execute();
    expect(entries).toHaveLength(1);
  });
});
