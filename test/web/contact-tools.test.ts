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

describe('contacts.createLead and setLeadStatus', () => {
  it('create one lead from the chat with me responsible, move it on, and refuse a second lead or an unknown status', async () => {
    const anna = await createUser(shared.deps.db, 'manager', 'Anna');
    const line = await createLine(shared.deps.db, { operators: [anna.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: anna.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const blank = await rejection(api.contacts.createLead({ dialogId, title: '   ' }));
    expect(blank.message).toContain('title');
    const card = await api.contacts.createLead({ dialogId, title: ' Wants 40 chairs ' });
    expect(card.leads).toMatchObject([{ title: 'Wants 40 chairs', status: 'new', responsible: { id: anna.id, name: 'Anna' } }]);
    const leadId = card.leads[0]!.id;
    const again = await rejection(api.contacts.createLead({ dialogId, title: 'Another' }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain(`already has lead #${leadId}`);

    expect((await api.contacts.setLeadStatus({ dialogId, leadId, status: 'won' })).leads[0]!.status).toBe('won');
    const unknown = await rejection(api.contacts.setLeadStatus({ dialogId, leadId, status: 'maybe' as 'won' }));
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(unknown.message).toContain('status');
    expect(unknown.message).toContain('new, in_progress, won, lost');
    const events = await shared.deps.db.selectFrom('dialog_events').select(['kind', 'data']).where('dialog_id', '=', dialogId).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['lead_created', 'lead_status_changed']);
  });

  it("refuse a manager a lead they cannot see on the card (another line's, someone else's)", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const mine = await createLine(shared.deps.db, { operators: [anna.id] });
    const other = await createLine(shared.deps.db, { operators: [boris.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...mine, status: 'in_work', operatorId: anna.id });
    const contactId = (await contactRow(dialogId)).id;
    const foreign = await shared.deps.db
      .insertInto('leads')
      .values({ contact_id: contactId, line_id: other.lineId, title: 'Elsewhere', responsible_user_id: boris.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const error = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).contacts.setLeadStatus({ dialogId, leadId: foreign.id, status: 'lost' }));
    expect(error.code).toBe('NOT_FOUND');
    const row = await shared.deps.db.selectFrom('leads').select('status').where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
  });
});
