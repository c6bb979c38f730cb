import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../channels/inbound';
import { holdOpenDialog, lockDialog, updateDialog } from '../../db/queries/dialogs';
import type { DB } from '../../db/types';
import { createLine, createUser } from '../support/fixtures';
import { insertDialog, useApiDatabase } from './helpers';

/**
 * The inbound path holds the client's open dialog while it stores a message, so a close waits for
 * it and it waits for a close. Nothing else that the worker or routing does with the dialog — an
 * offer, an audit event, the take, a status change — may make the message wait, nor be made to wait
 * by it: under load, the worker's transactions held the dialog's row while it waited for the CPU, and
 * the client's message, and the operator's sight of it, waited behind them.
 */
const shared = useApiDatabase();

async function openDialog(status: 'queued' | 'offered' = 'queued') {
  const db = shared.deps.db;
  const operator = await createUser(db);
  const line = await createLine(db, { operators: [operator.id] });
  const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status, ...(status === 'offered' ? { offeredTo: [operator.id] } : {}) });
  const { contact_id: contactId } = await db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();
  const { external_id: visitorId } = await db.selectFrom('contact_identities').select('external_id').where('contact_id', '=', contactId).executeTakeFirstOrThrow();
  return { ...line, operatorId: operator.id, dialogId, contactId, visitorId };
}

/** Runs `holding` in a transaction that stays open until `release` is called; `held` resolves once `holding` has run. */
function holdTransaction(holding: (trx: Transaction<DB>) => Promise<void>) {
  let release!: () => void;
  let held!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const heldNow = new Promise<void>((resolve) => (held = resolve));
  const done = shared.deps.db.transaction().execute(async (trx) => {
    await holding(trx);
    held();
    await released;
  });
  return { held: heldNow, release, done };
}

/** Fails instead of hanging when `work` waits on a lock the test itself holds. */
async function withoutWaitingFor<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`it waited for ${what}`)), 10_000)));
  try {
    return await Promise.race([work, waited]);
  } finally {
    clearTimeout(timer);
  }
}

async function sqlStateOf(work: Promise<unknown>): Promise<string | null> {
  return work.then(
    () => null,
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );
}

describe("a client's message being stored in their dialog", () => {
  it('lets the dialog be offered and taken meanwhile, and keeps a close waiting', async () => {
    const db = shared.deps.db;
    const { lineId, dialogId, contactId, operatorId } = await openDialog();

    const { taken, closeRefused } = await db.transaction().execute(async (storing) => {
      expect((await holdOpenDialog(storing, lineId, contactId))?.id).toBe(dialogId);
      // Meanwhile, on another connection: routing offers the dialog and the operator takes it. If
      // either had to wait for the message's transaction it would wait for this very test: lock_timeout ends that.
      const taken = await db.transaction().execute(async (routing) => {
        await sql`set local lock_timeout = '10s'`.execute(routing);
        await routing.insertInto('dialog_offers').values({ dialog_id: dialogId, user_id: operatorId }).execute();
        await routing.insertInto('dialog_events').values({ dialog_id: dialogId, kind: 'offered', actor_user_id: null, data: '{}' }).execute();
        await lockDialog(routing, dialogId);
        return updateDialog(routing, dialogId, { operator_id: operatorId, status: 'in_work' });
      });
      // A close must wait for the message (lock_timeout says it would).
      const closeRefused = await sqlStateOf(
        db.transaction().execute(async (closing) => {
          await sql`set local lock_timeout = '200ms'`.execute(closing);
          await lockDialog(closing, dialogId, 'close');
        }),
      );
      return { taken, closeRefused };
    });
    expect(taken).toMatchObject({ operator_id: operatorId, status: 'in_work' });
    expect(closeRefused).toBe('55P03'); // lock_not_available
  });

  it("is stored, with its live event, while the worker's take holds the dialog and its statistics", async () => {
    const db = shared.deps.db;
    const { channelId, dialogId, visitorId, operatorId } = await openDialog('offered');
    // The take as the worker runs it: the dialog's row locked, its operator and status written (the
    // statistics row too, by trigger), the transaction still open.
    const take = holdTransaction(async (trx) => {
      await lockDialog(trx, dialogId);
      await updateDialog(trx, dialogId, { operator_id: operatorId, status: 'in_work', accepted_at: new Date() });
    });
    await take.held;
    try {
      const stored = await withoutWaitingFor(
        "the worker's take",
        receiveInboundMessage(shared.deps, { channelId, externalMessageId: randomUUID(), sender: { externalId: visitorId }, text: 'Are you there?' }),
      );
      expect(stored).toMatchObject({ dialogId, route: 'open', duplicate: false });
    } finally {
      take.release();
      await take.done;
    }
    const texts = await db.selectFrom('messages').select('text').where('dialog_id', '=', dialogId).orderBy('id').execute();
    expect(texts.map((m) => m.text)).toEqual(['Hello there', 'Are you there?']);
  });

  it('waits for a close in progress, and then opens a new dialog instead of landing in the closed one', async () => {
    const db = shared.deps.db;
    const { channelId, dialogId, visitorId } = await openDialog();
    const close = holdTransaction(async (trx) => {
      await lockDialog(trx, dialogId, 'close');
      await updateDialog(trx, dialogId, { status: 'closed', close_reason: 'operator', closed_at: new Date() });
    });
    await close.held;
    const arriving = receiveInboundMessage(shared.deps, { channelId, externalMessageId: randomUUID(), sender: { externalId: visitorId }, text: 'One more thing' });
    // The message's transaction is waiting for the close's lock (it would have stored by now otherwise).
    await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(db)).rows[0]?.n, { timeout: 10_000 }).toBe(1);
    close.release();
    await close.done;

    const stored = await arriving;
    expect(stored.dialogId).not.toBe(dialogId);
    const landedIn = await db.selectFrom('dialogs').select('status').where('id', '=', stored.dialogId).executeTakeFirstOrThrow();
    expect(landedIn.status).not.toBe('closed');
    const closedTexts = await db.selectFrom('messages').select('text').where('dialog_id', '=', dialogId).execute();
    expect(closedTexts.map((m) => m.text)).toEqual(['Hello there']);
  });
});
