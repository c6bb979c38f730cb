import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { dialogTexts } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { insertDialog, useApiDatabase } from '../web/helpers';

/**
 * A dialog's row and its statistics row are locked in one order by every writer: the dialog
 * first. An operator's reply used to insert its message (whose trigger updates the statistics
 * row) before locking the dialog, while a take, a close or a dispatch pass locks the dialog and
 * then, through its trigger, the statistics: under load PostgreSQL broke such pairs as deadlocks,
 * failing the operator's reply or action (seen in `npm run bench`).
 */
const shared = useApiDatabase();

describe('writers of one dialog', () => {
  it('an operator reply waits for another change of the dialog instead of deadlocking with it', async () => {
    const { db } = shared.deps;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { ...line, status: 'in_work', operatorId: operator.id });
    const activities = createActivities({ db, maxOpenDialogsPerOperator: 1000 });

    // Another writer (a close, a take, a dispatch pass) holds the dialog's row…
    const other = new pg.Client({ connectionString: shared.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select id from dialogs where id = $1 for no key update', [dialogId]);
      // …while the operator's reply runs as far as it can…
      const reply = activities.storeOperatorReply({ dialogId, operatorId: operator.id, text: 'On its way.', clientMessageId: crypto.randomUUID() });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // …then changes what the statistics count (its trigger updates the statistics row) and commits.
      await other.query('update dialogs set missed = true where id = $1', [dialogId]);
      await other.query('commit');

      expect(await reply).toEqual({ messageId: expect.any(Number), delivered: true });
    } finally {
      await other.end();
    }
    expect(await dialogTexts(db, dialogId)).toContain('On its way.');
    const row = await db.selectFrom('dialogs').select(['missed', 'last_operator_message_at']).where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(row.missed).toBe(true);
    expect(row.last_operator_message_at).not.toBeNull();
  });
});
