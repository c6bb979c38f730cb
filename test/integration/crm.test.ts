import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmActivities } from '../../activities/crm';
import type { InboundMessage } from '../../domain/channels';
import type { LineSettingsInput } from '../../domain/line-settings';
import type { Database } from '../../db/client';
import { setContactResponsibleIfUnset } from '../../db/queries/contacts';
import { setLeadResponsibleForDialog } from '../../db/queries/leads';
import { receiveInboundMessage } from '../../channels/inbound';
import { apiAs, sessionUser } from '../web/helpers';
import { terminateDialogs, waitForState } from '../support/dialogs';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/** CRM-lite (SPEC §3 "CRM") on real PostgreSQL and Temporal: lookup, routing to the responsible user, leads. */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const started = new Set<number>();

afterEach(async () => {
  await terminateDialogs(testWorker.worker.client, started);
  started.clear();
});

async function write(channelId: number, sender: InboundMessage['sender'], text = 'Hello, I need help') {
  const result = await receiveInboundMessage(deps(), { channelId, externalMessageId: randomUUID(), sender, text });
  started.add(result.dialogId);
  return result;
}

/** Telegram has no outbound adapter yet: lines with it send no greeting, so nothing needs delivering. */
const noGreeting: LineSettingsInput = { greeting: { enabled: false } };

async function addTelegramChannel(db: Database, lineId: number): Promise<number> {
  return (await createChannel(db, { lineId, kind: 'telegram', name: 'Test Telegram' })).id;
}

/** A client the CRM already knows on the channel, with a responsible user. */
async function knownClient(db: Database, channelId: number, responsibleUserId: string) {
  const contact = await db.insertInto('contacts').values({ name: 'Known Client', responsible_user_id: responsibleUserId }).returning('id').executeTakeFirstOrThrow();
  const visitorId = randomUUID();
  await db.insertInto('contact_identities').values({ contact_id: contact.id, channel_id: channelId, external_id: visitorId }).execute();
  return { contactId: contact.id, visitorId };
}

describe('contact lookup', () => {
  it('links a new channel identity to the contact with the same e-mail and fills in what the contact lacked', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db);
    const website = await createLine(db, { operators: [operator.id], name: 'Website' });
    const messengers = await createLine(db, { operators: [operator.id], name: 'Messengers', settings: noGreeting });
    const telegram = await addTelegramChannel(db, messengers.lineId);

    const first = await write(website.channelId, { externalId: randomUUID(), name: 'Anna', email: 'anna@example.com' });
    const second = await write(telegram, { externalId: 'tg-1001', email: 'Anna@Example.COM', phone: '+7 999 123-45-67' });

    expect(second.contactId).toBe(first.contactId);
    const contact = await db.selectFrom('contacts').selectAll().where('id', '=', first.contactId).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ name: 'Anna', email: 'anna@example.com', phone: '+79991234567' });
    const identities = await db.selectFrom('contact_identities').select('channel_id').where('contact_id', '=', first.contactId).orderBy('id').execute();
    expect(identities.map((i) => i.channel_id)).toEqual([website.channelId, telegram]);

    // The same phone written without "+" finds the same client too.
    const byPhone = await write(website.channelId, { externalId: randomUUID(), phone: '79991234567' });
    expect(byPhone.contactId).toBe(first.contactId);
  });

  it('answers through the channel the client wrote from last, when they switch channels on one line', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id], settings: noGreeting });
    const telegram = await addTelegramChannel(db, line.lineId);
    const first = await write(line.channelId, { externalId: randomUUID(), email: 'vera@example.com' });
    await waitForState(testWorker.worker.client, first.dialogId, (s) => s.offeredTo.includes(operator.id));
    const second = await write(telegram, { externalId: 'tg-2002', email: 'vera@example.com' }, 'Writing from Telegram now');
    expect(second.dialogId).toBe(first.dialogId);

    const { messageId } = await apiAs(deps(), sessionUser(operator, 'manager')).dialogs.reply({ dialogId: first.dialogId, text: 'Hi Vera!' });
    const reply = await db.selectFrom('messages').select('channel_id').where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(reply.channel_id).toBe(telegram);
  });

  it('keeps clients apart when the line does not look contacts up', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id], settings: { crm: { lookUpContact: false } } });
    const first = await write(line.channelId, { externalId: randomUUID(), email: 'boris@example.com' });
    const second = await write(line.channelId, { externalId: randomUUID(), email: 'boris@example.com' });
    expect(second.contactId).not.toBe(first.contactId);
  });
});

describe('route to the responsible user', () => {
  /**
   * A known client of Rita (not in the line's queue; Quentin is) writes to a line that routes to
   * responsible users; resolves once the dialog is first offered.
   */
  async function knownClientWrites(options: { ritaAtWork?: boolean; ritaActive?: boolean; availabilityCheck: boolean }) {
    const db = testWorker.worker.db;
    const rita = await createUser(db, 'manager', 'Rita Responsible', { atWork: options.ritaAtWork ?? true });
    if (options.ritaActive === false) await db.updateTable('users').set({ active: false }).where('id', '=', rita.id).execute();
    const quentin = await createUser(db, 'manager', 'Quentin Queue');
    const line = await createLine(db, { operators: [quentin.id], settings: { crm: { routeToResponsible: true }, distribution: { availabilityCheck: options.availabilityCheck } } });
    const client = await knownClient(db, line.channelId, rita.id);
    const { dialogId } = await write(line.channelId, { externalId: client.visitorId });
    const { offeredTo } = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    return { dialogId, rita, quentin, offeredTo };
  }

  it('offers the dialog to the responsible user who is not in the queue; when they skip, the queue gets it', async () => {
    const { dialogId, rita, quentin, offeredTo } = await knownClientWrites({ availabilityCheck: true });
    expect(offeredTo).toEqual([rita.id]);

    // Not in the line's queue, yet the offer is in their inbox and they may open and skip it.
    const api = apiAs(deps(), sessionUser(rita, 'manager'));
    const queue = await api.inbox.list({ tab: 'queue', limit: 20 });
    expect(queue.items.find((item) => item.id === dialogId)).toMatchObject({ offeredToMe: true });
    expect((await api.inbox.counts()).offeredToMe).toBe(1);
    expect((await api.dialogs.get({ dialogId })).permissions).toMatchObject({ canTake: true, canSkip: true });
    await api.dialogs.skip({ dialogId });

    const next = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0 && !s.offeredTo.includes(rita.id));
    expect(next.offeredTo).toEqual([quentin.id]);
  });

  it('lets the responsible user outside the queue take the dialog', async () => {
    const { dialogId, rita } = await knownClientWrites({ availabilityCheck: true });
    const api = apiAs(deps(), sessionUser(rita, 'manager'));
    await api.dialogs.take({ dialogId });

    const taken = await api.dialogs.get({ dialogId });
    expect(taken.operator).toMatchObject({ id: rita.id });
    expect(taken.events.find((e) => e.kind === 'offered')?.data).toMatchObject({ operatorId: rita.id, responsible: true });
  });

  it('with the availability check on, an unavailable responsible user leaves the dialog to the general queue', async () => {
    const { quentin, offeredTo } = await knownClientWrites({ ritaAtWork: false, availabilityCheck: true });
    expect(offeredTo).toEqual([quentin.id]);
  });

  it('with the availability check off, the dialog stays with the unavailable responsible user', async () => {
    const { rita, offeredTo } = await knownClientWrites({ ritaAtWork: false, availabilityCheck: false });
    expect(offeredTo).toEqual([rita.id]);
  });

  it('never offers to a deactivated responsible user', async () => {
    const { quentin, offeredTo } = await knownClientWrites({ ritaActive: false, availabilityCheck: false });
    expect(offeredTo).toEqual([quentin.id]);
  });
});

describe('leads', () => {
  const leadsOf = (db: Database, contactId: number) => db.selectFrom('leads').selectAll().where('contact_id', '=', contactId).execute();

  it('creates a lead for a new client who left an e-mail, and none for an anonymous website visitor', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id], settings: { crm: { createLead: true } } });

    const known = await write(line.channelId, { externalId: randomUUID(), name: 'Anna', email: 'anna.lead@example.com' });
    const anonymous = await write(line.channelId, { externalId: randomUUID() });
    // The CRM check runs before distribution: once offered, it is done.
    await waitForState(testWorker.worker.client, anonymous.dialogId, (s) => s.offeredTo.length > 0);
    await waitForState(testWorker.worker.client, known.dialogId, (s) => s.offeredTo.length > 0);

    const [lead] = await leadsOf(db, known.contactId);
    expect(lead).toMatchObject({ dialog_id: known.dialogId, line_id: line.lineId, title: 'Chat with Anna via Website chat', status: 'new' });
    const event = await db.selectFrom('dialog_events').selectAll().where('dialog_id', '=', known.dialogId).where('kind', '=', 'lead_created').executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ leadId: lead?.id });
    expect(await leadsOf(db, anonymous.contactId)).toEqual([]);
  });

  it('creates one lead per dialog however often the check is retried, and none for a returning client', async () => {
    const db = testWorker.worker.db;
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id], settings: { ...noGreeting, crm: { createLead: true } } });
    const telegram = await addTelegramChannel(db, line.lineId);
    const crm = createCrmActivities({ db, maxOpenDialogsPerOperator: 1000 });

    // Telegram can always be written back to, even without an e-mail.
    const { dialogId, contactId } = await write(telegram, { externalId: 'tg-2002' });
    const results = await Promise.all([crm.checkContact({ dialogId }), crm.checkContact({ dialogId }), crm.checkContact({ dialogId })]);
    const leads = await leadsOf(db, contactId);
    expect(leads).toHaveLength(1);
    expect(results.map((r) => r.leadId)).toEqual([leads[0]?.id, leads[0]?.id, leads[0]?.id]);
    const events = await db.selectFrom('dialog_events').select('id').where('dialog_id', '=', dialogId).where('kind', '=', 'lead_created').execute();
    expect(events).toHaveLength(1);

    // The same client's next dialog is no new client: no second lead.
    const later = await db
      .insertInto('dialogs')
      .values({ line_id: line.lineId, channel_id: telegram, contact_id: contactId, status: 'closed', close_reason: 'operator', closed_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await crm.checkContact({ dialogId: later.id })).toEqual({ leadId: null });
    expect(await leadsOf(db, contactId)).toHaveLength(1);
  });

  it('gives the lead and the client a responsible user on acceptance, and moves the lead on transfer', async () => {
    const db = testWorker.worker.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const boris = await createUser(db, 'manager', 'Boris');
    const line = await createLine(db, { operators: [anna.id, boris.id], settings: { crm: { createLead: true, changeLeadResponsibleOnTransfer: true } } });
    const { dialogId, contactId } = await write(line.channelId, { externalId: randomUUID(), email: 'carla@example.com' });
    const leadOwner = async () => (await db.selectFrom('leads').select('responsible_user_id').where('dialog_id', '=', dialogId).executeTakeFirstOrThrow()).responsible_user_id;
    const contactOwner = async () => (await db.selectFrom('contacts').select('responsible_user_id').where('id', '=', contactId).executeTakeFirstOrThrow()).responsible_user_id;

    // Whoever it is offered to takes it, and becomes responsible for the lead and the client.
    const { offeredTo } = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    const [first, second] = offeredTo[0] === anna.id ? [anna, boris] : [boris, anna];
    await apiAs(deps(), sessionUser(first, 'manager')).dialogs.take({ dialogId });
    expect(await leadOwner()).toBe(first.id);
    expect(await contactOwner()).toBe(first.id);

    // Transferred with "change the lead's responsible user on transfer": the lead follows, the client stays.
    await apiAs(deps(), sessionUser(first, 'manager')).dialogs.transfer({ dialogId, to: { kind: 'operator', operatorId: second.id } });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === second.id);
    expect(await leadOwner()).toBe(second.id);
    expect(await contactOwner()).toBe(first.id);
  });

  it('sets a responsible user only where none is set, unless told to replace it', async () => {
    const db = testWorker.worker.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const boris = await createUser(db, 'manager', 'Boris');
    const line = await createLine(db, { operators: [anna.id], settings: { crm: { createLead: true } } });
    const { dialogId, contactId } = await write(line.channelId, { externalId: randomUUID(), email: 'dora@example.com' });
    await createCrmActivities({ db, maxOpenDialogsPerOperator: 1000 }).checkContact({ dialogId });

    await db.transaction().execute(async (trx) => {
      expect(await setLeadResponsibleForDialog(trx, dialogId, anna.id, { onlyIfUnset: true })).toHaveLength(1);
      expect(await setContactResponsibleIfUnset(trx, contactId, anna.id)).toBe(true);
      expect(await setLeadResponsibleForDialog(trx, dialogId, boris.id, { onlyIfUnset: true })).toEqual([]);
      expect(await setContactResponsibleIfUnset(trx, contactId, boris.id)).toBe(false);
      expect(await setLeadResponsibleForDialog(trx, dialogId, boris.id, { onlyIfUnset: false })).toHaveLength(1);
    });
    const lead = await db.selectFrom('leads').select('responsible_user_id').where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
    expect(lead.responsible_user_id).toBe(boris.id);
  });
});
