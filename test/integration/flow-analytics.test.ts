import { describe, expect, it } from 'vitest';
import type { FlowDocumentInput } from '../../domain/flows/document';
import { closeUpdate } from '../../domain/messages';
import { getFlowAnalytics } from '../../web/server/services/flow-analytics';
import { dialogHandle, eventually, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { publishFlow, triageBot } from '../support/flows';
import { useTestWorker } from '../support/worker';

/** Flow analytics: real dialogs run a published bot on the Temporal dev server; the counts per node and edge come from their stored paths. */
const shared = useTestWorker();

const at = (x: number) => ({ x, y: 0 });
const greeter: FlowDocumentInput = {
  schemaVersion: 2,
  kind: 'bot',
  nodes: [
    { id: 'start', kind: 'start', position: at(0) },
    { id: 'hello', kind: 'send_message', position: at(1), text: 'Hello from the bot.' },
    { id: 'toQueue', kind: 'handoff', position: at(2) },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
    { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'toQueue' },
  ],
  variables: [],
};

describe('flow analytics', () => {
  it('counts the dialogs that reached each node and left by each edge of the published version', async () => {
    const { db, client, taskQueue } = shared.worker;
    const operator = await createUser(db);
    const flowId = await publishFlow(db, 'Greeter', greeter);
    const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, flows: { welcomeBot: { flowId } } } });
    const dialogIds: number[] = [];
    for (const text of ['Hi', 'Hello there']) {
      const { dialogId } = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text });
      dialogIds.push(dialogId);
    }
    try {
      await eventually(async () => {
        const rows = await db.selectFrom('flow_path_steps').select('dialog_id').distinct().where('flow_id', '=', flowId).execute();
        return rows.length === 2;
      }, 30_000);
      const today = new Date().toISOString().slice(0, 10);
      const analytics = await getFlowAnalytics({ db }, { flowId, version: 1, from: today, to: today });
      expect(analytics.nodes).toEqual([
        { nodeId: 'start', reached: 2, left: { next: 2 }, stopped: 0, dropOff: 0 },
        { nodeId: 'hello', reached: 2, left: { next: 2 }, stopped: 0, dropOff: 0 },
        { nodeId: 'toQueue', reached: 2, left: {}, stopped: 2, dropOff: null },
      ]);
      expect(analytics.edges).toEqual([{ edgeId: 'e1', dialogs: 2 }, { edgeId: 'e2', dialogs: 2 }]);
      // Another period: nothing.
      const lastYear = await getFlowAnalytics({ db }, { flowId, version: 1, from: '2025-01-01', to: '2025-01-31' });
      expect(lastYear.nodes.every((node) => node.reached === 0)).toBe(true);
    } finally {
      await terminateDialogs(client, new Set(dialogIds));
    }
  });

  it('counts the branch each dialog left by and the dialogs that dropped off at the question', async () => {
    const { db, client, taskQueue } = shared.worker;
    const operator = await createUser(db);
    const flowId = await publishFlow(db, 'Triage', triageBot);
    const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, flows: { welcomeBot: { flowId } } } });
    const deps = { db, temporal: client, taskQueue };
    const dialogIds: number[] = [];
    /** A client writes, the bot asks; `answer` (or nothing: the operator closes the dialog while the bot waits). */
    async function runClient(answer: string | null) {
      const visitorId = crypto.randomUUID();
      const { dialogId } = await sendClientMessage(deps, channelId, { visitorId, text: 'Hello' });
      dialogIds.push(dialogId);
      await waitForState(client, dialogId, (state) => state.flow?.nodeId === 'need');
      if (answer === null) await dialogHandle(client, dialogId).executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
      else await sendClientMessage(deps, channelId, { visitorId, text: answer });
    }
    try {
      await runClient('What is the price?');
      await runClient('price list, please');
      await runClient('My order is late');
      await runClient(null);
      await eventually(async () => {
        const rows = await db.selectFrom('flow_path_steps').select('dialog_id').distinct().where('flow_id', '=', flowId).execute();
        return rows.length === 4;
      }, 40_000);
      const today = new Date().toISOString().slice(0, 10);
      const analytics = await getFlowAnalytics({ db }, { flowId, version: 1, from: today, to: today });
      expect(analytics.nodes).toEqual([
        { nodeId: 'start', reached: 4, left: { next: 4 }, stopped: 0, dropOff: 0 },
        { nodeId: 'need', reached: 4, left: { next: 3, invalid: 0 }, stopped: 1, dropOff: 0.25 },
        { nodeId: 'isPrice', reached: 3, left: { true: 2, false: 1 }, stopped: 0, dropOff: 0 },
        { nodeId: 'sales', reached: 2, left: {}, stopped: 2, dropOff: null },
        { nodeId: 'support', reached: 1, left: {}, stopped: 1, dropOff: null },
      ]);
      expect(analytics.edges).toEqual([
        { edgeId: 'toNeed', dialogs: 4 },
        { edgeId: 'toCheck', dialogs: 3 },
        { edgeId: 'toSales', dialogs: 2 },
        { edgeId: 'toSupport', dialogs: 1 },
      ]);
    } finally {
      await terminateDialogs(client, new Set(dialogIds));
    }
  });
});
