import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { findOrCreateContactByIdentity } from '../../db/queries/contacts';
import { insertDialog } from '../../db/queries/dialogs';
import { insertClientMessage } from '../../db/queries/messages';
import { type ClaimedOutboxRow } from '../../db/queries/outbox';
import { signalClientMessage } from '../../worker/inbound-outbox';
import { dialogTexts, eventually, sendClientMessage, signalsPerMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * A delivery whose answer never came back (its deadline passed while the server was applying it:
 * Temporal restarting, a slow network) is tried again by the sweeper. The server must recognise
 * the retry, so the dialog's workflow hears the message once — whether the first attempt started
 * the workflow or signalled a running one. Real Temporal dev server and PostgreSQL.
 */
const test = useTestWorker();

/** The outbox row of a message, as a sweeper claims it. */
function rowOf(dialogId: number, messageId: number, text: string): ClaimedOutboxRow {
  return { dialogId, messageId, text, workflowInput: { dialogId }, attempts: 1 };
}

it('signals a message once when its delivery is tried again after the answer was lost, starting the workflow or signalling it', async () => {
  const { worker } = test;
  const operator = await createUser(worker.db, 'manager', 'Anna');
  const { lineId, channelId } = await createLine(worker.db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  const deps = { db: worker.db, temporal: worker.client, taskQueue: worker.taskQueue, temporalTimeoutMs: 5_000 };

  // A new dialog whose first delivery started its workflow: the retry finds the run going.
  const { dialogId, messageId } = await worker.db.transaction().execute(async (trx) => {
    const { id: contactId } = await findOrCreateContactByIdentity(trx, channelId, randomUUID(), {});
    const dialogId = await insertDialog(trx, { lineId, channelId, contactId });
    const messageId = (await insertClientMessage(trx, { dialogId, channelId, externalId: randomUUID(), text: 'Where is my parcel?' }))!;
    return { dialogId, messageId };
  });
  const first = rowOf(dialogId, messageId, 'Where is my parcel?');
  await signalClientMessage(deps, first);
  await signalClientMessage(deps, first);
  await waitForState(worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));

  // A message to the running workflow, delivered twice.
  const visitorId = randomUUID();
  const opened = await sendClientMessage(deps, channelId, { visitorId, text: 'Hello' });
  const next = await sendClientMessage(deps, channelId, { visitorId, text: 'Anyone there?' });
  expect(next).toMatchObject({ route: 'open', dialogId: opened.dialogId });
  await signalClientMessage(deps, rowOf(next.dialogId, next.messageId, 'Anyone there?'));

  // Signals that reach a workflow while it works on a task are written to its history after it: wait for them.
  await eventually(async () => (await signalsPerMessage(worker.client, opened.dialogId)).has(next.messageId));
  expect(await signalsPerMessage(worker.client, dialogId)).toEqual(new Map([[messageId, 1]]));
  expect(await signalsPerMessage(worker.client, opened.dialogId)).toEqual(
    new Map([
      [opened.messageId, 1],
      [next.messageId, 1],
    ]),
  );
  expect(await dialogTexts(worker.db, opened.dialogId)).toEqual(['Hello', 'Anyone there?']);
  await terminateDialogs(worker.client, [dialogId, opened.dialogId]);
});
