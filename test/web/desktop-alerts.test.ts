import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../domain/live-events';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../domain/notifications';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, manualLiveBus, rejection, sessionUser, useApiDatabase } from './helpers';

/** SPEC §5: per-user notification settings, and who gets a desktop alert for which live event. */
const shared = useApiDatabase();

const at = new Date().toISOString();

async function firstMessageId(dialogId: number): Promise<number> {
  const row = await shared.deps.db.selectFrom('messages').select('id').where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
  return row.id;
}

const updated = (dialog: { dialogId: number; lineId: number }, operatorId: string | null, offeredTo: string[] = [], participants: string[] = []): LiveEvent => ({
  type: 'dialog.updated',
  dialogId: dialog.dialogId,
  lineId: dialog.lineId,
  contactId: 1,
  status: operatorId ? 'in_work' : offeredTo.length ? 'offered' : 'queued',
  operatorId,
  offeredTo,
  participants,
  at,
});

const message = (dialog: { dialogId: number; lineId: number }, messageId: number, authorKind: 'client' | 'operator'): LiveEvent => ({
  type: 'message.created',
  dialogId: dialog.dialogId,
  lineId: dialog.lineId,
  contactId: 1,
  messageId,
  authorKind,
  hidden: false,
  at,
});

type Alert = { type: 'alert'; kind: string; dialogId: number; title: string; body: string };

/** Subscribes as `user`, emits `events` once the stream listens, and returns the alerts the stream raised for them. */
async function alertsOf(user: ReturnType<typeof sessionUser>, events: LiveEvent[]): Promise<Alert[]> {
  const bus = manualLiveBus();
  const controller = new AbortController();
  const stream = await apiAs(shared.deps, user, bus, { signal: controller.signal }).live.events();
  const alerts: Alert[] = [];
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const end: LiveEvent = { type: 'dialog.updated', dialogId: -1, lineId: -1, contactId: 1, status: 'in_work', operatorId: user.id, offeredTo: [], participants: [], at };
  const reading = (async () => {
    for await (const envelope of stream) {
      const item = (Array.isArray(envelope) ? envelope[1] : (envelope as { data: unknown }).data) as { type: string; dialogId?: number };
      if (item.type === 'stream.ready') listening();
      else if (item.type === 'alert') alerts.push(item as Alert);
      else if (item.dialogId === -1) break;
    }
  })();
  await ready;
  for (const event of events) bus.emit(event);
  bus.emit(end);
  await reading;
  controller.abort();
  return alerts;
}

describe('desktop alerts on the live stream', () => {
  it('alert the operator a dialog is offered to, once per offer, and nobody else', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const director = await createUser(shared.deps.db, 'director');
    const line = await createLine(shared.deps.db, { name: 'Sales', operators: [anna.id, boris.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'queued', contactName: 'Olga Petrova' });
    const dialog = { dialogId, lineId: line.lineId };
    // Offered, then updated again while still offered (e.g. the client's details changed), then taken by Anna.
    const events = [updated(dialog, null, [anna.id]), updated(dialog, null, [anna.id]), updated(dialog, anna.id)];

    const annaAlerts = await alertsOf(sessionUser(anna, 'manager'), events);
    expect(annaAlerts.map((a) => [a.kind, a.dialogId])).toEqual([['offer', dialogId]]);
    expect(annaAlerts[0]!.title).toBe('New dialog offered: Olga Petrova');
    expect(annaAlerts[0]!.body).toContain('Sales');
    // Boris sees the queue's events but was not offered it; the director sees everything but it is not theirs.
    expect(await alertsOf(sessionUser(boris, 'manager'), events)).toEqual([]);
    expect(await alertsOf(sessionUser(director, 'director'), events)).toEqual([]);
  });

  it('does not repeat an offer that stood before the stream opened (a reconnect)', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'offered', offeredTo: [anna.id] });
    expect(await alertsOf(sessionUser(anna, 'manager'), [updated({ dialogId, lineId: line.lineId }, null, [anna.id])])).toEqual([]);
  });

  it("alert a client's message to the dialog's operator and invited colleague, not an operator's own message, not others", async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'manager');
    const vera = await createUser(shared.deps.db, 'manager');
    const line = await createLine(shared.deps.db, { operators: [anna.id, boris.id, vera.id] });
    const dialogId = await insertDialog(shared.deps.db, { ...line, status: 'in_work', operatorId: anna.id, contactName: 'Ivan', text: 'Where is my order?' });
    const dialog = { dialogId, lineId: line.lineId };
    const clientMessage = await firstMessageId(dialogId);
    const events = [message(dialog, clientMessage, 'operator'), updated(dialog, anna.id, [], [boris.id]), message(dialog, clientMessage, 'client')];

    const annaAlerts = await alertsOf(sessionUser(anna, 'manager'), events);
    expect(annaAlerts.map((a) => [a.kind, a.title, a.body])).toEqual([['client_message', `Ivan (dialog #${dialogId})`, 'Where is my order?']]);
    expect((await alertsOf(sessionUser(boris, 'manager'), events)).map((a) => a.kind)).toEqual(['client_message']);
    expect(await alertsOf(sessionUser(vera, 'manager'), events)).toEqual([]);
  });
});

describe('notification settings', () => {
  it('start at the defaults, are kept per user, and refuse a value that is not on or off, naming the field', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const boris = await createUser(shared.deps.db, 'admin');
    const annaApi = apiAs(shared.deps, sessionUser(anna, 'manager'));
    const borisApi = apiAs(shared.deps, sessionUser(boris, 'admin'));
    expect(await annaApi.notifications.settings()).toEqual(DEFAULT_NOTIFICATION_SETTINGS);

    const quiet = { desktop: true, sound: false, events: { offer: true, clientMessage: false, kpiAlert: true } };
    expect(await annaApi.notifications.updateSettings(quiet)).toEqual(quiet);
    expect(await annaApi.notifications.settings()).toEqual(quiet);
    expect(await borisApi.notifications.settings()).toEqual(DEFAULT_NOTIFICATION_SETTINGS);

    const error = await rejection(annaApi.notifications.updateSettings({ ...quiet, events: { ...quiet.events, offer: 'yes' as unknown as boolean } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('events.offer');
    expect(await annaApi.notifications.settings()).toEqual(quiet);
  });
});
