import { describe, expect, it } from 'vitest';
import type { LineSettingsInput } from '../../domain/line-settings';
import {
  acceptUpdate,
  inviteUpdate,
  operatorLeftSignal,
  operatorUnavailableSignal,
  pinUpdate,
  replyUpdate,
  spamUpdate,
  takeOverUpdate,
  transferUpdate,
} from '../../domain/messages';
import { dialogEvents, dialogHandle, dialogOffers, dialogRow as dialogRowOf, eventually, rejectionOf, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/** Operator actions (SPEC §4 rules 6–7) on the dialog workflow, with real activities and PostgreSQL. */
const workflows = useTimeSkippingWorker();

const dialogRow = (dialogId: number) => dialogRowOf(workflows.db, dialogId);
const eventsOf = (dialogId: number) => dialogEvents(workflows.db, dialogId);

/** A dialog Anna has accepted on a line served by Anna and Boris. */
async function dialogWithAnna(settings: LineSettingsInput = {}) {
  const anna = await createUser(workflows.db, 'manager', 'Anna');
  const boris = await createUser(workflows.db, 'manager', 'Boris');
  const line = await createLine(workflows.db, { operators: [anna.id, boris.id], settings });
  const { dialogId, contactId } = await workflows.sendClientMessage(line.channelId);
  await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
  await handle(dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna.id }] });
  return { anna, boris, line, dialogId, contactId };
}

const handle = (dialogId: number) => dialogHandle(workflows.env.client, dialogId);

describe('transfer', () => {
  it('hands the dialog to another operator with a staff-only comment', async () => {
    const { anna, boris, dialogId } = await dialogWithAnna();
    await handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'operator', operatorId: boris.id }, comment: 'VIP, knows our CTO' }] });

    const state = await waitForState(workflows.env.client, dialogId, (s) => s.operatorId === boris.id);
    expect(state.status).toBe('in_work');
    expect(await dialogRow(dialogId)).toMatchObject({ operator_id: boris.id, status: 'in_work' });
    const transferred = (await eventsOf(dialogId)).find((e) => e.kind === 'transferred');
    expect(transferred).toMatchObject({ actor_user_id: anna.id, data: { fromOperatorId: anna.id, operatorId: boris.id, comment: 'VIP, knows our CTO' } });

    // Anna no longer has it: her reply is refused, Boris's goes through.
    expect(await rejectionOf(handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: 'Still here' }] }))).toMatch(/Another operator/);
    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: boris.id, text: 'Hello, Boris here' }] });
    expect((await dialogRow(dialogId)).status).toBe('waiting_client');
  });

  it('can transfer an offered dialog before anyone accepted it', async () => {
    const anna = await createUser(workflows.db);
    const vera = await createUser(workflows.db);
    const { channelId } = await createLine(workflows.db, { operators: [anna.id] });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));

    await handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'operator', operatorId: vera.id } }] });
    await waitForState(workflows.env.client, dialogId, (s) => s.operatorId === vera.id && s.offeredTo.length === 0);
    expect(await dialogOffers(workflows.db, dialogId)).toEqual([]);
  });

  it('moves the dialog to another line’s queue, where that line’s operators get it', async () => {
    const { anna, dialogId } = await dialogWithAnna();
    const gleb = await createUser(workflows.db, 'manager', 'Gleb');
    const sales = await createLine(workflows.db, { name: 'Sales', operators: [gleb.id] });

    await handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'line', lineId: sales.lineId }, comment: 'wants a quote' }] });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(gleb.id));
    expect(await dialogRow(dialogId)).toMatchObject({ line_id: sales.lineId, status: 'offered', operator_id: null });
    await handle(dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: gleb.id }] });
    expect(await dialogRow(dialogId)).toMatchObject({ operator_id: gleb.id, line_id: sales.lineId });
  });

  it('refuses a transfer to a line where the client already has an open dialog, and changes nothing', async () => {
    const { anna, dialogId, line, contactId } = await dialogWithAnna();
    const sales = await createLine(workflows.db, { name: 'Sales', operators: [] });
    // The same client already waits on the sales line.
    await workflows.db.insertInto('dialogs').values({ line_id: sales.lineId, channel_id: sales.channelId, contact_id: contactId, status: 'queued' }).execute();

    const refusal = await rejectionOf(handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'line', lineId: sales.lineId } }] }));
    expect(refusal).toMatch(/to\.lineId: this client already has an open dialog/);
    expect(await dialogRow(dialogId)).toMatchObject({ operator_id: anna.id, line_id: line.lineId });
  });

  it('makes the first operator responsible for a new client and their lead, and moves the lead on transfer when the line says so', async () => {
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const boris = await createUser(workflows.db, 'manager', 'Boris');
    const { channelId } = await createLine(workflows.db, { operators: [anna.id], settings: { crm: { createLead: true, changeLeadResponsibleOnTransfer: true } } });
    const { dialogId, contactId } = await workflows.sendClientMessage(channelId, { email: 'lena@example.com' });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    await handle(dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna.id }] });
    const lead = () => workflows.db.selectFrom('leads').select('responsible_user_id').where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
    expect((await lead()).responsible_user_id).toBe(anna.id);
    const contact = () => workflows.db.selectFrom('contacts').select('responsible_user_id').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect((await contact()).responsible_user_id).toBe(anna.id);

    await handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'operator', operatorId: boris.id } }] });
    expect((await lead()).responsible_user_id).toBe(boris.id);
    // The client stays Anna's: only the lead follows the transfer.
    expect((await contact()).responsible_user_id).toBe(anna.id);
  });

  it('refuses to transfer a closed dialog', async () => {
    const { anna, boris, dialogId } = await dialogWithAnna({ rating: { enabled: false } });
    await handle(dialogId).executeUpdate(spamUpdate, { args: [{ userId: anna.id, blockContact: false }] });
    expect(await rejectionOf(handle(dialogId).executeUpdate(transferUpdate, { args: [{ userId: anna.id, to: { kind: 'operator', operatorId: boris.id } }] }))).toMatch(/already closed|is finished and can no longer be changed/);
  });
});

describe('take over, invite, pin', () => {
  it('lets a supervisor take the dialog over from its operator', async () => {
    const { anna, dialogId } = await dialogWithAnna();
    const director = await createUser(workflows.db, 'director', 'Dina');
    await handle(dialogId).executeUpdate(takeOverUpdate, { args: [{ userId: director.id }] });
    await waitForState(workflows.env.client, dialogId, (s) => s.operatorId === director.id);
    expect((await eventsOf(dialogId)).find((e) => e.kind === 'taken_over')).toMatchObject({ actor_user_id: director.id, data: { fromOperatorId: anna.id } });
    expect(await rejectionOf(handle(dialogId).executeUpdate(takeOverUpdate, { args: [{ userId: director.id }] }))).toMatch(/already have this dialog/);
  });

  it('lets an invited colleague answer beside the operator, who keeps the dialog', async () => {
    const { anna, dialogId } = await dialogWithAnna();
    const expert = await createUser(workflows.db, 'manager', 'Egor');
    await handle(dialogId).executeUpdate(inviteUpdate, { args: [{ userId: anna.id, inviteeId: expert.id }] });
    expect(await rejectionOf(handle(dialogId).executeUpdate(inviteUpdate, { args: [{ userId: anna.id, inviteeId: expert.id }] }))).toMatch(/already in the dialog/);

    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: expert.id, text: 'Egor from billing here.' }] });
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.status === 'waiting_client');
    expect(state).toMatchObject({ operatorId: anna.id, participants: [expert.id] });
    const participants = await workflows.db.selectFrom('dialog_participants').select('user_id').where('dialog_id', '=', dialogId).execute();
    expect(participants.map((p) => p.user_id)).toEqual([expert.id]);
  });

  it('keeps a pinned dialog with its operator when they become unavailable', async () => {
    const { anna, dialogId } = await dialogWithAnna();
    await handle(dialogId).executeUpdate(pinUpdate, { args: [{ userId: anna.id, pinned: true }] });
    expect((await dialogRow(dialogId)).pinned).toBe(true);

    // The client wrote last, so without the pin the dialog would go back to the queue (rule 4).
    await handle(dialogId).signal(operatorUnavailableSignal, { operatorId: anna.id });
    await workflows.env.sleep('5 seconds');
    expect(await dialogRow(dialogId)).toMatchObject({ operator_id: anna.id, status: 'in_work' });

    await handle(dialogId).executeUpdate(pinUpdate, { args: [{ userId: anna.id, pinned: false }] });
    await handle(dialogId).signal(operatorUnavailableSignal, { operatorId: anna.id });
    await waitForState(workflows.env.client, dialogId, (s) => s.operatorId !== anna.id);
    // The workflow decides first, then its activity records the return.
    await eventually(async () => (await eventsOf(dialogId)).some((e) => e.kind === 'returned_to_queue'));
    expect((await eventsOf(dialogId)).map((e) => e.kind)).toEqual(expect.arrayContaining(['pinned', 'unpinned', 'returned_to_queue']));
  });
});

describe('daily return (SPEC §4 rule 5)', () => {
  it('returns the dialog of an operator who left the queue even when they wrote last, but not a pinned one', async () => {
    const { anna, dialogId } = await dialogWithAnna();
    await handle(dialogId).executeUpdate(replyUpdate, { args: [{ operatorId: anna.id, text: 'One moment' }] });
    await handle(dialogId).executeUpdate(pinUpdate, { args: [{ userId: anna.id, pinned: true }] });
    await handle(dialogId).signal(operatorLeftSignal, { operatorId: anna.id, why: 'left_queue' });
    await workflows.env.sleep('5 seconds');
    expect((await dialogRow(dialogId)).operator_id).toBe(anna.id);

    // Deactivated: even the pin does not keep it.
    await handle(dialogId).signal(operatorLeftSignal, { operatorId: anna.id, why: 'deactivated' });
    await waitForState(workflows.env.client, dialogId, (s) => s.operatorId !== anna.id);
    const returned = await eventually(async () => (await eventsOf(dialogId)).find((e) => e.kind === 'returned_to_queue'));
    expect(returned?.data).toMatchObject({ operatorId: anna.id, why: 'deactivated' });
  });
});

describe('spam', () => {
  it('closes as spam without closing text or rating, and blocks the contact: their next message opens no dialog', async () => {
    const { anna, dialogId, contactId, line } = await dialogWithAnna({ closing: { text: 'Bye!' } });
    await handle(dialogId).executeUpdate(spamUpdate, { args: [{ userId: anna.id, blockContact: true }] });
    expect(await dialogRow(dialogId)).toMatchObject({ status: 'closed', close_reason: 'spam' });
    const contact = await workflows.db.selectFrom('contacts').select('blocked').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.blocked).toBe(true);
    const botTexts = await workflows.db.selectFrom('messages').select('text').where('dialog_id', '=', dialogId).where('author_kind', '=', 'bot').execute();
    expect(botTexts.map((m) => m.text)).not.toContain('Bye!');
    expect(botTexts.some((m) => /rate/i.test(m.text))).toBe(false);

    const identity = await workflows.db.selectFrom('contact_identities').select('external_id').where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    const next = await workflows.sendClientMessage(line.channelId, { visitorId: identity.external_id, text: 'BUY CHEAP' });
    expect(next).toMatchObject({ route: 'blocked', dialogId });
    const open = await workflows.db.selectFrom('dialogs').select('id').where('contact_id', '=', contactId).where('status', '<>', 'closed').execute();
    expect(open).toEqual([]);
    const stored = await workflows.db.selectFrom('messages').select('text').where('id', '=', next.messageId).executeTakeFirstOrThrow();
    expect(stored.text).toBe('BUY CHEAP');
  });
});
