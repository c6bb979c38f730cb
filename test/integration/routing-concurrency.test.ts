import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate } from '../../domain/messages';
import { dialogHandle, eventually, sendClientMessage, terminateDialogs } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * SPEC §3–§4 under load, on real servers: 300 dialogs arrive at once at a line with 5 operators
 * and a limit of 10. Routing is atomic per line, so exactly 50 are offered, nobody above the
 * limit, evenly spread; the other 250 wait and are offered oldest first as capacity frees.
 */
const testWorker = useTestWorker();

describe('atomic routing under concurrency', () => {
  it('assigns exactly 50 of 300 simultaneous dialogs, evenly, and offers the oldest waiting one when capacity frees', { timeout: 240_000 }, async () => {
    const { db, client, taskQueue } = testWorker.worker;
    const team = await Promise.all(Array.from({ length: 5 }, (_, i) => createUser(db, 'manager', `Operator ${i}`)));
    const { channelId, lineId } = await createLine(db, {
      operators: team.map((o) => o.id),
      settings: { greeting: { enabled: false }, noAnswer: { action: 'nothing' }, distribution: { handoffMinutes: 30, limit: { enabled: true, maxOpenDialogs: 10 } }, rating: { enabled: false } },
    });

    const arrivals = await Promise.all(
      Array.from({ length: 300 }, () => sendClientMessage({ db, temporal: client, taskQueue }, channelId, { visitorId: randomUUID() })),
    );
    const dialogIds = arrivals.map((a) => a.dialogId);
    expect(new Set(dialogIds).size).toBe(300);

    const countByStatus = async () => {
      const rows = await db.selectFrom('dialogs').select(['status']).where('line_id', '=', lineId).execute();
      return { offered: rows.filter((r) => r.status === 'offered').length, queued: rows.filter((r) => r.status === 'queued').length };
    };
    await eventually(async () => {
      const counts = await countByStatus();
      return counts.offered + counts.queued === 300 && counts.offered === 50;
    }, 180_000);

    const offers = await db.selectFrom('dialog_offers as o').innerJoin('dialogs as d', 'd.id', 'o.dialog_id').select(['o.user_id', 'o.dialog_id']).where('d.line_id', '=', lineId).execute();
    expect(offers).toHaveLength(50);
    const perOperator = team.map((o) => offers.filter((x) => x.user_id === o.id).length);
    expect(Math.max(...perOperator)).toBeLessThanOrEqual(10);
    expect(Math.max(...perOperator) - Math.min(...perOperator)).toBeLessThanOrEqual(1);
    expect(await countByStatus()).toEqual({ offered: 50, queued: 250 });

    // Operator 0 takes one of theirs and closes it: the oldest waiting dialog is offered next.
    const mine = offers.find((x) => x.user_id === team[0]!.id)!.dialog_id;
    const oldestWaiting = (await db.selectFrom('dialogs').select('id').where('line_id', '=', lineId).where('status', '=', 'queued').orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
    await dialogHandle(client, mine).executeUpdate(acceptUpdate, { args: [{ operatorId: team[0]!.id }] });
    await dialogHandle(client, mine).executeUpdate(closeUpdate, { args: [{ userId: team[0]!.id }] });
    await eventually(async () => (await db.selectFrom('dialog_offers').select('user_id').where('dialog_id', '=', oldestWaiting).executeTakeFirst())?.user_id === team[0]!.id, 30_000);

    await terminateDialogs(client, dialogIds);
  });
});
