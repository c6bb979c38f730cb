import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate, rateUpdate, replyUpdate, skipUpdate } from '../../domain/messages';
import type { LineSettingsInput } from '../../domain/line-settings';
import { listDialogMessages } from '../../db/queries/messages';
import { dialogEvents, dialogHandle, dialogOffers, dialogRow, dialogTexts, rejectionOf, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/**
 * The dialog workflow on Temporal's time-skipping test server, with its real activities writing
 * to a real PostgreSQL: the durations below are the product's real defaults, skipped, not shortened.
 */
const workflows = useTimeSkippingWorker();
const sendClientMessage = (...args: Parameters<typeof workflows.sendClientMessage>) => workflows.sendClientMessage(...args);

describe('distribution with hand-off (evenly)', () => {
  it('offers to the operator idle longest, hands off after the hand-off time, and one accept wins', async () => {
    const anna = await createUser(workflows.db, 'manager', 'Anna');
    const boris = await createUser(workflows.db, 'manager', 'Boris');
    const { channelId } = await createLine(workflows.db, { operators: [anna.id, boris.id], settings: { distribution: { handoffMinutes: 1 } } });

    const { dialogId } = await sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('offered');

    // Anna does nothing for the hand-off minute: the dialog moves on to Boris and counts as missed.
    await workflows.env.sleep('61 seconds');
    const afterHandoff = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(boris.id));
    expect(afterHandoff.missed).toBe(true);
    expect(afterHandoff.offeredTo).toEqual([boris.id]);
    expect(await dialogOffers(workflows.db, dialogId)).toEqual([boris.id]);

    // Anna's late accept is refused with a reason; Boris takes it.
    expect(await rejectionOf(dialogHandle(workflows.env.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna.id }] }))).toMatch(/not offered to you/);
    await dialogHandle(workflows.env.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: boris.id }] });
    const row = await dialogRow(workflows.db, dialogId);
    expect(row).toMatchObject({ operator_id: boris.id, status: 'in_work', missed: true });

    const events = await dialogEvents(workflows.db, dialogId);
    expect(events.map((e) => e.kind)).toEqual(['offered', 'offer_expired', 'offered', 'accepted']);
  });

  it('moves on at once when the offered operator skips, without marking the dialog missed', async () => {
    const anna = await createUser(workflows.db);
    const boris = await createUser(workflows.db);
    const { channelId } = await createLine(workflows.db, { operators: [anna.id, boris.id], settings: { distribution: { handoffMinutes: 30 } } });
    const { dialogId } = await sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));

    await dialogHandle(workflows.env.client, dialogId).executeUpdate(skipUpdate, { args: [{ operatorId: anna.id }] });
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(boris.id));
    expect(state.missed).toBe(false);
  });

  it('keeps going round the queue while nobody accepts', async () => {
    const anna = await createUser(workflows.db);
    const { channelId } = await createLine(workflows.db, { operators: [anna.id], settings: { distribution: { handoffMinutes: 2 } } });
    const { dialogId } = await sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    await workflows.env.sleep('121 seconds');
    await waitForState(workflows.env.client, dialogId, (s) => s.missed && s.offeredTo.includes(anna.id));
    expect((await dialogEvents(workflows.db, dialogId)).map((e) => e.kind)).toEqual(['offered', 'offer_expired', 'offered']);
  });

  it('waits in the queue when the line has no operator, and is offered once one joins', async () => {
    const { channelId, lineId } = await createLine(workflows.db, { operators: [] });
    const { dialogId } = await sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'queued');
    // A whole day passes: nothing is lost, the dialog still waits.
    await workflows.env.sleep('1 day');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('queued');

    const vera = await createUser(workflows.db);
    await workflows.db.insertInto('line_queue_members').values({ line_id: lineId, user_id: vera.id, position: 0 }).execute();
    await dialogHandle(workflows.env.client, dialogId).signal('routingChanged');
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(vera.id));
  });
});

describe('conversation, close and rating', () => {
  async function acceptedDialog(settings: LineSettingsInput = {}) {
    const operator = await createUser(workflows.db);
    const { channelId } = await createLine(workflows.db, { operators: [operator.id], settings });
    const visitorId = randomUUID();
    const { dialogId } = await sendClientMessage(channelId, { visitorId });
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(operator.id));
    return { operator, channelId, visitorId, dialogId, handle: dialogHandle(workflows.env.client, dialogId) };
  }

  it('greets, accepts by answering, follows who wrote last, closes and stores a like', async () => {
    const { operator, channelId, visitorId, dialogId, handle } = await acceptedDialog({ greeting: { text: 'Hi from Acme!' } });

    // Answering an offered dialog accepts it.
    const { messageId } = await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'How can I help?' }] });
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ operator_id: operator.id, status: 'waiting_client' });
    expect((await dialogRow(workflows.db, dialogId)).first_answer_at).not.toBeNull();

    await sendClientMessage(channelId, { visitorId, text: 'My bike is broken' });
    await waitForState(workflows.env.client, dialogId, (s) => s.status === 'in_work');
    expect((await dialogRow(workflows.db, dialogId)).status).toBe('in_work');

    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    expect(await dialogRow(workflows.db, dialogId)).toMatchObject({ status: 'closed', close_reason: 'operator' });
    expect(await rejectionOf(handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'late' }] }))).toMatch(/already closed/);

    await waitForState(workflows.env.client, dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();
    expect((await dialogRow(workflows.db, dialogId)).rating).toBe('like');

    const messages = await listDialogMessages(workflows.db, dialogId, { includeHidden: true });
    expect(messages.map((m) => [m.author_kind, m.text])).toEqual([
      ['client', 'Hello, I need help'],
      ['bot', 'Hi from Acme!'],
      ['operator', 'How can I help?'],
      ['client', 'My bike is broken'],
      ['bot', 'Please rate how we did.'],
      ['bot', 'Thank you for your rating!'],
    ]);
    expect(messages.find((m) => m.id === messageId)?.delivery_status).toBe('delivered');
    expect(messages.find((m) => m.text === 'Please rate how we did.')?.extras).toMatchObject({ ratingRequest: { scale: 'like_dislike' } });
  });

  it('rejects a rating before it is asked, twice, or on the wrong scale', async () => {
    const { operator, dialogId, handle } = await acceptedDialog({ rating: { scale: 'five_stars' } });
    expect(await rejectionOf(handle.executeUpdate(rateUpdate, { args: [{ rating: 5 }] }))).toMatch(/No rating was requested/);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await waitForState(workflows.env.client, dialogId, (s) => s.ratingRequested);
    expect(await rejectionOf(handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] }))).toMatch(/number from 1 to 5/);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 2 }] });
    await handle.result();
    // The dialog is finished once rated: a second rating is refused and the first one stays.
    await expect(handle.executeUpdate(rateUpdate, { args: [{ rating: 5 }] })).rejects.toThrow();
    expect((await dialogRow(workflows.db, dialogId)).rating).toBe('2');
  });

  it('stops waiting for a rating after the one-day time limit', async () => {
    const { operator, dialogId, handle } = await acceptedDialog();
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await workflows.env.sleep('1 day');
    await handle.result();
    expect((await dialogRow(workflows.db, dialogId)).rating).toBeNull();
  });

  it('sends no rating request when rating is off, and the closing text when set', async () => {
    const { operator, dialogId, handle } = await acceptedDialog({ rating: { enabled: false }, closing: { text: 'Bye!' }, greeting: { enabled: false } });
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await handle.result();
    expect(await dialogTexts(workflows.db, dialogId)).toEqual(['Hello, I need help', 'Bye!']);
  });
});
