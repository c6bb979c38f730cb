import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Connector, OutboundMessage } from '../../channels/connector';
import { connectors } from '../../channels/registry';
import { channelCapabilities } from '../../domain/channels';
import { acceptUpdate, replyUpdate } from '../../domain/messages';
import { dialogHandle, eventually, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * The website chat reads its messages from the server, so a message stored for it is delivered:
 * the dialog's workflow runs no delivery step for it, and an operator's reply there is confirmed
 * as soon as it is stored. A channel with its own connector still gets every message through its
 * delivery step. Real PostgreSQL and the Temporal dev server.
 */
const test = useTestWorker();
const dialogs = new Set<number>();
const db = () => test.worker.db;
const temporal = () => test.worker.client;

afterEach(async () => {
  await terminateDialogs(temporal(), dialogs);
  dialogs.clear();
});

/** The activities the dialog's workflow scheduled as tasks, by name. */
async function scheduledActivities(dialogId: number): Promise<string[]> {
  const history = await dialogHandle(temporal(), dialogId).fetchHistory();
  return (history.events ?? []).flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes.activityType?.name ?? ''] : []));
}

async function deliveryStatuses(dialogId: number) {
  return db().selectFrom('messages').select(['text', 'delivery_status']).where('dialog_id', '=', dialogId).where('author_kind', '<>', 'client').orderBy('id').execute();
}

/** A dialog on the line's channel, offered to the operator, then taken and answered with a browser key. */
async function answeredDialog(channelId: number, operatorId: string) {
  const { dialogId } = await sendClientMessage({ db: db(), temporal: temporal(), taskQueue: test.worker.taskQueue }, channelId, { text: 'Where is my order?' });
  dialogs.add(dialogId);
  await waitForState(temporal(), dialogId, (s) => s.offeredTo.includes(operatorId));
  const handle = dialogHandle(temporal(), dialogId);
  await handle.executeUpdate(acceptUpdate, { args: [{ operatorId }] });
  await handle.executeUpdate(replyUpdate, { args: [{ operatorId, text: 'It left today.', clientMessageId: randomUUID() }] });
  return dialogId;
}

describe('messages to the website chat', () => {
  it('are delivered as they are stored: the greeting and the reply have no delivery step, and the reply is delivered when its update returns', async () => {
    const operator = await createUser(db());
    const { channelId } = await createLine(db(), { operators: [operator.id], settings: { greeting: { enabled: true, text: 'Hi! An operator will answer soon.' } } });

    const dialogId = await answeredDialog(channelId, operator.id);

    expect(await deliveryStatuses(dialogId)).toEqual([
      { text: 'Hi! An operator will answer soon.', delivery_status: 'delivered' },
      { text: 'It left today.', delivery_status: 'delivered' },
    ]);
    expect(await scheduledActivities(dialogId)).not.toContain('deliverMessage');
  });
});

describe('messages to a channel with its own connector', () => {
  it('still go through the delivery step to the connector', async () => {
    const sent: OutboundMessage[] = [];
    const registered = connectors.custom;
    connectors.custom = {
      kind: 'custom',
      settings: { kind: 'custom', schema: z.object({}), fields: [], secretFields: [] },
      capabilities: channelCapabilities.custom,
      send: async (_channel, message) => {
        sent.push(message);
        return { externalMessageId: `sent-${message.messageId}` };
      },
      checkConnection: async () => ({ ok: true, detail: 'recording' }),
    } satisfies Connector<Record<string, never>>;
    try {
      const operator = await createUser(db());
      const { lineId } = await createLine(db(), { operators: [operator.id], settings: { greeting: { enabled: false } } });
      const channel = await createChannel(db(), { lineId, kind: 'custom', name: 'Connector' });

      const dialogId = await answeredDialog(channel.id, operator.id);

      await eventually(async () => sent.length === 1);
      expect(sent.map((message) => message.text)).toEqual(['It left today.']);
      expect(await deliveryStatuses(dialogId)).toEqual([{ text: 'It left today.', delivery_status: 'delivered' }]);
      expect(await scheduledActivities(dialogId)).toContain('deliverMessage');
    } finally {
      connectors.custom = registered;
    }
  });
});
