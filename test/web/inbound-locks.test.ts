import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findOpenDialogForUpdate } from '../../db/queries/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { insertDialog, useApiDatabase } from './helpers';

/**
 * The inbound path holds the client's open dialog while it stores a message (so a close waits for
 * it). What merely points at the dialog — an offer to an operator, an audit event — must not wait
 * for that message: under load, such waits held the line's routing lock and queued every new dialog.
 */
const shared = useApiDatabase();

describe("a client's message being stored in their dialog", () => {
  it('lets the dialog be offered meanwhile, and still keeps a concurrent close waiting', async () => {
    const db = shared.deps.db;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'queued' });
    const { contact_id: contactId } = await db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();

    const { offered, closeRefused } = await db.transaction().execute(async (storing) => {
      expect((await findOpenDialogForUpdate(storing, line.lineId, contactId))?.id).toBe(dialogId);
      // Meanwhile, on another connection: routing offers the dialog and records it. If it had to
      // wait for the message's transaction it would wait for this very test: lock_timeout ends that.
      const offered = await db.transaction().execute(async (routing) => {
        await sql`set local lock_timeout = '10s'`.execute(routing);
        await routing.insertInto('dialog_offers').values({ dialog_id: dialogId, user_id: operator.id }).execute();
        await routing.insertInto('dialog_events').values({ dialog_id: dialogId, kind: 'offered', actor_user_id: null, data: '{}' }).execute();
        return routing.selectFrom('dialog_offers').select('user_id').where('dialog_id', '=', dialogId).execute();
      });
      // A close writes the dialog row: it must wait for the message (NOWAIT says it would).
      const closeRefused = await db.transaction().execute(async (closing) =>
        sql`select id from dialogs where id = ${dialogId} for no key update nowait`.execute(closing).then(
          () => null,
          (error: unknown) => (error as { code?: string }).code,
        ),
      );
      return { offered, closeRefused };
    });
    expect(offered).toEqual([{ user_id: operator.id }]);
    expect(closeRefused).toBe('55P03'); // lock_not_available
  });
});
