import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/** Contact tools on the card (issue 11 item 6): tags and unblocking, with who may do them. */
const shared = useApiDatabase();

async function contactRow(dialogId: number) {
  return shared.deps.db
    .selectFrom('dialogs as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select(['c.id', 'c.tags', 'c.blocked'])
    .where('d.id', '=', dialogId)
    .executeTakeFirstOrThrow();
}

describe('contacts.setTags', () => {
  it('replaces the tags, trimmed and without repeats, recorded in the dialog history; a tag too long is refused naming the field', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: anna.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const card = await api.contacts.setTags({ dialogId, tags: [' vip ', 'VIP', 'wholesale', ''] });
    expect(card.tags).toEqual(['vip', 'wholesale']);
    expect((await contactRow(dialogId)).tags).toEqual(['vip', 'wholesale']);
    const events = await shared.deps.db.selectFrom('dialog_events').select(['kind', 'data']).where('dialog_id', '=', dialogId).execute();
    expect(events).toContainEqual({ kind: 'contact_updated', data: { fields: ['tags'] } });

    const error = await rejection(api.contacts.setTags({ dialogId, tags: ['x'.repeat(41)] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('tags.0');
    expect(error.message).toContain('at most 40 characters');
    expect((await contactRow(dialogId)).tags).toEqual(['vip', 'wholesale']);
  });

  it("is refused for a dialog the manager may not see", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id, boris.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: boris.id });
    const error = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).contacts.setTags({ dialogId, tags: ['vip'] }));
    expect(error.code).toBe('FORBIDDEN');
    expect((await contactRow(dialogId)).tags).toEqual([]);
  });
});

describe('contacts.unblock', () => {
  it("lets the dialog's operator and a director unblock a client blocked as spam; a colleague seeing the queued dialog may not", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const director = await createUser(shared.deps.db, 'director');
    const line = await createLine(shared.deps.db, { operators: [anna.id, boris.id] });
    const mine = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: anna.id });
    const queued = await insertDialog(shared.deps.db, { ...line, status: 'queued' });
    for (const dialogId of [mine, queued]) await shared.deps.db.updateTable('contacts').set({ blocked: true }).where('id', '=', (await contactRow(dialogId)).id).execute();

    const annaApi = apiAs(shared.deps, sessionUser(anna, 'manager'));
    expect((await annaApi.contacts.card({ dialogId: mine })).permissions.canUnblock).toBe(true);
    expect((await annaApi.contacts.unblock({ dialogId: mine })).blocked).toBe(false);
    expect((await contactRow(mine)).blocked).toBe(false);

    const bobApi = apiAs(shared.deps, sessionUser(boris, 'manager'));
    expect((await bobApi.contacts.card({ dialogId: queued })).permissions.canUnblock).toBe(false);
    expect((await rejection(bobApi.contacts.unblock({ dialogId: queued }))).code).toBe('FORBIDDEN');
    expect((await contactRow(queued)).blocked).toBe(true);
    expect((await apiAs(shared.deps, sessionUser(director, 'director')).contacts.unblock({ dialogId: queued })).blocked).toBe(false);
  });
});
