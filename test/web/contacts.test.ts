import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/** The operator's contact card (SPEC §3 CRM): read and corrected by whoever may see the dialog. */
const shared = useApiDatabase();

async function contactOf(dialogId: number): Promise<number> {
  const row = await shared.deps.db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();
  return row.contact_id;
}

describe('contacts.card', () => {
  it('shows the client, their responsible user, leads and earlier dialogs to an operator of the line', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const rita = await createUser(db, 'manager', 'Rita');
    const line = await createLine(db, { operators: [anna.id] });
    const earlier = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'closed', contactName: 'Carla' });
    const contactId = await contactOf(earlier);
    await db.updateTable('contacts').set({ email: 'carla@example.com', responsible_user_id: rita.id }).where('id', '=', contactId).execute();
    const current = await db
      .insertInto('dialogs')
      .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contactId, status: 'queued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('leads').values({ contact_id: contactId, dialog_id: earlier, line_id: line.lineId, title: 'Chat with Carla via Website chat', status: 'won', responsible_user_id: rita.id }).execute();

    const card = await apiAs(shared.deps, sessionUser(anna, 'manager')).contacts.card({ dialogId: current.id });
    expect(card).toMatchObject({
      id: contactId,
      label: 'Carla',
      email: 'carla@example.com',
      responsible: { id: rita.id, name: 'Rita' },
      channels: [{ id: line.channelId, kind: 'widget' }],
      leads: [{ title: 'Chat with Carla via Website chat', status: 'won', responsible: { id: rita.id, name: 'Rita' } }],
      earlierDialogs: 1,
      permissions: { canEdit: true, canSetResponsible: false },
      assignableUsers: [],
    });
  });

  it("shows a manager only the client's history on lines they serve; a director sees it all", async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const boris = await createUser(db, 'manager', 'Boris');
    const director = await createUser(db, 'director');
    const sales = await createLine(db, { operators: [anna.id], name: 'Sales' });
    const support = await createLine(db, { operators: [boris.id], name: 'Support' });
    const onSupport = await insertDialog(db, { lineId: support.lineId, channelId: support.channelId, status: 'closed', operatorId: boris.id, contactName: 'Carla' });
    const contactId = await contactOf(onSupport);
    await db.insertInto('contact_identities').values({ contact_id: contactId, channel_id: sales.channelId, external_id: `carla-${contactId}` }).execute();
    await db.insertInto('leads').values({ contact_id: contactId, dialog_id: onSupport, line_id: support.lineId, title: 'Support contract renewal', responsible_user_id: boris.id }).execute();
    const current = await db
      .insertInto('dialogs')
      .values({ line_id: sales.lineId, channel_id: sales.channelId, contact_id: contactId, status: 'in_work', operator_id: anna.id })
      .returning('id')
      .executeTakeFirstOrThrow();

    const annaCard = await apiAs(shared.deps, sessionUser(anna, 'manager')).contacts.card({ dialogId: current.id });
    expect(annaCard).toMatchObject({ label: 'Carla', leads: [], earlierDialogs: 0, channels: [{ id: sales.channelId }] });
    expect(JSON.stringify(annaCard)).not.toContain('Support contract renewal');

    const directorCard = await apiAs(shared.deps, sessionUser(director, 'director')).contacts.card({ dialogId: current.id });
    expect(directorCard).toMatchObject({ leads: [{ title: 'Support contract renewal' }], earlierDialogs: 1 });
    expect(directorCard.channels.map((c) => c.id)).toEqual([support.channelId, sales.channelId]);
  });

  it('is refused to a manager who may not see the dialog', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const outsider = await createUser(db, 'manager');
    const line = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });

    const error = await rejection(apiAs(shared.deps, sessionUser(outsider, 'manager')).contacts.card({ dialogId }));
    expect(error.code).toBe('FORBIDDEN');
    const update = await rejection(apiAs(shared.deps, sessionUser(outsider, 'manager')).contacts.update({ dialogId, name: 'Hijacked' }));
    expect(update.code).toBe('FORBIDDEN');
  });
});

describe('contacts.update', () => {
  it('lets the operator correct name, e-mail and phone (normalized), recorded in the dialog history', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const line = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const card = await api.contacts.update({ dialogId, name: ' Dora ', email: ' Dora@Example.com ', phone: '+7 (999) 555-44-33' });
    expect(card).toMatchObject({ label: 'Dora', name: 'Dora', email: 'dora@example.com', phone: '+79995554433' });
    const view = await api.dialogs.get({ dialogId });
    expect(view.contact).toMatchObject({ name: 'Dora', email: 'dora@example.com' });
    expect(view.events.find((e) => e.kind === 'contact_updated')).toMatchObject({ actorName: 'Anna', data: { fields: ['name', 'email', 'phone'] } });

    // An empty field clears it.
    expect(await api.contacts.update({ dialogId, phone: '' })).toMatchObject({ phone: null, email: 'dora@example.com' });
  });

  it('names the field and the fix for an invalid e-mail or phone', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager');
    const line = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });
    const api = apiAs(shared.deps, sessionUser(anna, 'manager'));

    const error = await rejection(api.contacts.update({ dialogId, email: 'dora-at-example', phone: '12' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('email: must be an e-mail address like name@example.com, or empty');
    expect(error.message).toContain('phone: must have at least 5 digits, or be empty');
  });

  it('lets admins and directors, not managers, choose the responsible user (an active one)', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const director = await createUser(db, 'director', 'Dina Director');
    const gone = await createUser(db, 'manager', 'Gone');
    await db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    const line = await createLine(db, { operators: [anna.id] });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });

    const refused = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).contacts.update({ dialogId, responsibleUserId: anna.id }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('Only admins and directors can choose who is responsible for a client.');

    const dina = apiAs(shared.deps, sessionUser(director, 'director'));
    const before = await dina.contacts.card({ dialogId });
    expect(before.permissions.canSetResponsible).toBe(true);
    expect(before.assignableUsers.map((u) => u.id)).toEqual(expect.arrayContaining([anna.id, director.id]));
    expect(before.assignableUsers.map((u) => u.id)).not.toContain(gone.id);

    expect((await dina.contacts.update({ dialogId, responsibleUserId: anna.id })).responsible).toEqual({ id: anna.id, name: 'Anna' });
    const inactive = await rejection(dina.contacts.update({ dialogId, responsibleUserId: gone.id }));
    expect(inactive.code).toBe('BAD_REQUEST');
    expect((await dina.contacts.update({ dialogId, responsibleUserId: null })).responsible).toBeNull();
  });
});
