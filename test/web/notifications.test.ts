import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/** SPEC §5 notifications: each user's own alerts, unread first, marked read by them alone. */
const shared = useApiDatabase();

/** A KPI alert for `operatorId` on a new dialog of a "Support" line; returns the dialog id. */
async function alertFor(operatorId: string, kind: 'first_answer' | 'further_answer', limitMinutes: number): Promise<number> {
  const line = await createLine(shared.deps.db, { name: 'Support', operators: [operatorId] });
  const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId });
  await createActivities({ db: shared.deps.db, maxOpenDialogsPerOperator: 1000 }).raiseKpiAlert({
    dialogId,
    kind,
    operatorId,
    limitMinutes,
    waitingSince: new Date().toISOString(),
  });
  return dialogId;
}

describe('notifications.list and markRead', () => {
  it('lists my alerts newest first with unread ones on top, and marks read only what I name', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const first = await alertFor(anna.id, 'first_answer', 5);
    const second = await alertFor(anna.id, 'further_answer', 90);
    const third = await alertFor(anna.id, 'first_answer', 1440);
    const borisDialog = await alertFor(boris.id, 'first_answer', 5);
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const before = await api.notifications.list();
    expect(before.unreadCount).toBe(3);
    expect(before.items.map((n) => n.text)).toEqual([
      `Dialog #${third} (Support): first answer overdue — limit 1 day`,
      `Dialog #${second} (Support): further answer overdue — limit 1 h 30 min`,
      `Dialog #${first} (Support): first answer overdue — limit 5 min`,
    ]);

    const newest = before.items[0]!.id;
    expect(await api.notifications.markRead({ ids: [newest] })).toEqual({ marked: 1, unreadCount: 2 });
    const after = await api.notifications.list();
    // The read one drops below the unread, though it is the newest.
    expect(after.items.map((n) => [n.dialogId, n.readAt !== null])).toEqual([
      [second, false],
      [first, false],
      [third, true],
    ]);
    expect((await api.notifications.list({ limit: 1 })).items.map((n) => n.dialogId)).toEqual([second]);

    // Someone else's notification id changes nothing.
    const borisApi = apiAs(shared.deps, sessionUser(boris, 'manager'));
    const borisNotification = (await borisApi.notifications.list()).items[0]!;
    expect(borisNotification.dialogId).toBe(borisDialog);
    expect(await api.notifications.markRead({ ids: [borisNotification.id] })).toEqual({ marked: 0, unreadCount: 2 });
    expect((await borisApi.notifications.list()).unreadCount).toBe(1);

    expect(await api.notifications.markRead({ all: true })).toEqual({ marked: 2, unreadCount: 0 });
    expect((await borisApi.notifications.list()).unreadCount).toBe(1);
  });

  it('refuses a markRead that names neither ids nor all, naming the field', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));
    const neither = await rejection(api.notifications.markRead({}));
    expect(neither.code).toBe('BAD_REQUEST');
    expect(neither.message).toBe('ids: give either the ids of the notifications to mark read or all: true');
    const empty = await rejection(api.notifications.markRead({ ids: [] }));
    expect(empty.message).toBe('ids: must name at least one notification');
  });

  it('are for signed-in users only', async () => {
    expect((await rejection(apiAs(shared.deps, null).notifications.list())).code).toBe('UNAUTHORIZED');
  });
});
