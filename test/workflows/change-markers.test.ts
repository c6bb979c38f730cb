import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate, replyUpdate } from '../../domain/messages';
import { dialogHandle, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * A new dialog's run records one marker for all of the workflow's changes made behind patched()
 * (workflows/dialog/changes.ts), not one per change: each marker also upserts a search attribute,
 * so its history, and the server's work per dialog, grow with every change otherwise. Real
 * PostgreSQL and the Temporal dev server.
 */
const test = useTestWorker();
const dialogs = new Set<number>();

afterEach(async () => {
  await terminateDialogs(test.worker.client, dialogs);
  dialogs.clear();
});

describe('a new dialog run', () => {
  it('records a single change marker and a single search-attribute upsert across greeting, offer, answer and close', async () => {
    const operator = await createUser(test.worker.db);
    const { channelId } = await createLine(test.worker.db, { operators: [operator.id], settings: { greeting: { enabled: true, text: 'Hello!' } } });
    const { dialogId } = await sendClientMessage({ db: test.worker.db, temporal: test.worker.client, taskQueue: test.worker.taskQueue }, channelId, { text: 'Is it in stock?' });
    dialogs.add(dialogId);
    await waitForState(test.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));
    const handle = dialogHandle(test.worker.client, dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Yes, it is.', clientMessageId: randomUUID() }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await waitForState(test.worker.client, dialogId, (s) => s.status === 'closed');

    const events = (await handle.fetchHistory()).events ?? [];
    const changeMarkers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    const upserts = events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
    expect(changeMarkers).toHaveLength(1);
    expect(upserts).toHaveLength(1);
  });
});
