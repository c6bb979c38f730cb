import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineSettingsInput } from '../../domain/line-settings';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { handleSendMessage } from '../../web/server/channels/widget/messages';
import type { WidgetErrorBody, WidgetSendResult, WidgetSession } from '../../web/server/channels/widget/schemas';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/dialogs';
import { createConnectedChannel } from '../support/channels';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';
import { widgetDepsOn } from './widget-deps';

/**
 * The widget's pre-chat and offline forms (SPEC §7): what they must ask is checked with errors
 * naming the field, and their answers fill the client's contact through the inbound path, so a
 * lead can be made. Through the widget's handlers, a real PostgreSQL and a real dialog worker.
 */
let database: TestDatabase;
let worker: RunningTestWorker;
let deps: WidgetDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
  deps = widgetDepsOn(worker);
});

afterAll(async () => {
  await worker?.stop();
  await database?.destroy();
});

async function widgetLine(options: { form?: Record<string, unknown>; settings?: LineSettingsInput; operatorAtWork?: boolean } = {}) {
  const operator = await createUser(worker.db, 'manager', undefined, { atWork: options.operatorAtWork ?? true });
  const { lineId } = await createLine(worker.db, { operators: [operator.id], settings: options.settings });
  const { id, key } = await createConnectedChannel(worker.db, { lineId, kind: 'widget', settings: options.form ?? {} });
  return { lineId, channelId: id, channelKey: key };
}

async function startSession(channelKey: string): Promise<WidgetSession> {
  const response = await handleCreateSession(deps, new Request(`http://widget.test/api/widget/${channelKey}/session`, { method: 'POST' }), channelKey);
  expect(response.status).toBe(200);
  return (await response.json()) as WidgetSession;
}

function send(channelKey: string, token: string, body: Record<string, unknown>): Promise<Response> {
  return handleSendMessage(
    deps,
    new Request(`http://widget.test/api/widget/${channelKey}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), ...body }),
    }),
    channelKey,
  );
}

async function fieldErrors(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBe(400);
  return ((await response.json()) as WidgetErrorBody).error.fieldErrors;
}

async function contactOfDialog(dialogId: number) {
  return worker.db
    .selectFrom('dialogs')
    .innerJoin('contacts', 'contacts.id', 'dialogs.contact_id')
    .select(['contacts.id', 'contacts.name', 'contacts.email', 'contacts.phone'])
    .where('dialogs.id', '=', dialogId)
    .executeTakeFirstOrThrow();
}

async function messagesOfChannel(channelId: number): Promise<number> {
  return (await worker.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).execute()).length;
}

describe('the pre-chat form', () => {
  it('must answer what the chat requires before the first message, each refusal naming its field, and stores nothing until then', async () => {
    const { channelKey, channelId } = await widgetLine({ form: { prechatName: 'required', prechatEmail: 'required', prechatPhone: 'optional' } });
    const { token } = await startSession(channelKey);

    expect(await fieldErrors(await send(channelKey, token, { text: 'Hello' }))).toEqual({ 'contact.name': ['is required'], 'contact.email': ['is required'] });
    expect(await fieldErrors(await send(channelKey, token, { text: 'Hello', contact: { name: 'Ann', email: '  ' } }))).toEqual({ 'contact.email': ['is required'] });
    expect(await fieldErrors(await send(channelKey, token, { text: 'Hello', contact: { name: 'Ann', email: 'ann-at-example' } }))).toEqual({
      'contact.email': ['must be an e-mail address like name@example.com'],
    });
    expect(await fieldErrors(await send(channelKey, token, { text: 'Hello', contact: { name: 'Ann', email: 'ann@example.com', phone: '12' } }))).toEqual({
      'contact.phone': ['must be a phone number with its area code, like +1 555 123 4567'],
    });
    expect(await messagesOfChannel(channelId)).toBe(0);
  });

  it('fills the contact with the answers, which lets the line create a lead, and is not asked again', async () => {
    const { channelKey, lineId } = await widgetLine({
      form: { prechatName: 'required', prechatEmail: 'optional', prechatPhone: 'optional' },
      settings: { crm: { createLead: true } },
    });
    const { token } = await startSession(channelKey);

    const first = await send(channelKey, token, { text: 'Do you ship to Norway?', form: 'prechat', contact: { name: ' Ann Berg ', email: 'Ann@Example.COM', phone: '+47 (912) 34-567' } });
    expect(first.status).toBe(202);
    const { dialogId } = (await first.json()) as WidgetSendResult;
    expect(await contactOfDialog(dialogId)).toMatchObject({ name: 'Ann Berg', email: 'ann@example.com', phone: '+4791234567' });

    // An anonymous visitor could not be written back to; one who left an e-mail gets a lead.
    const { id: contactId } = await contactOfDialog(dialogId);
    const lead = await eventually(() => worker.db.selectFrom('leads').selectAll().where('contact_id', '=', contactId).executeTakeFirst());
    expect(lead).toMatchObject({ line_id: lineId, dialog_id: dialogId });

    // The form is shown before the first message only: later messages need no answers.
    expect((await send(channelKey, token, { text: 'And to Sweden?' })).status).toBe(202);
  });

  it('is not required of a chat that asks nothing (as before)', async () => {
    const { channelKey } = await widgetLine();
    const { token } = await startSession(channelKey);
    const response = await send(channelKey, token, { text: 'Hi' });
    expect(response.status).toBe(202);
    const { dialogId } = (await response.json()) as WidgetSendResult;
    expect(await contactOfDialog(dialogId)).toMatchObject({ name: null, email: null, phone: null });
  });
});

describe('the offline form', () => {
  it('is what the session offers when no operator of the queue is available, or out of hours', async () => {
    const staffed = await widgetLine();
    expect((await startSession(staffed.channelKey)).offline).toBeNull();

    const nobody = await widgetLine({ operatorAtWork: false });
    expect((await startSession(nobody.channelKey)).offline).toBe('nobody_available');

    const closedDay = { open: false, from: '09:00', to: '18:00' };
    const closed = await widgetLine({
      settings: {
        workingHours: {
          enabled: true,
          week: { mon: closedDay, tue: closedDay, wed: closedDay, thu: closedDay, fri: closedDay, sat: closedDay, sun: closedDay },
        },
      },
    });
    expect((await startSession(closed.channelKey)).offline).toBe('out_of_hours');
  });

  it('needs an e-mail to answer by, then opens a dialog with the message and fills the contact', async () => {
    const { channelKey, channelId } = await widgetLine({ operatorAtWork: false });
    const { token } = await startSession(channelKey);

    expect(await fieldErrors(await send(channelKey, token, { form: 'offline', text: 'Call me back', contact: { name: 'Bo' } }))).toEqual({
      'contact.email': ['is required'],
    });
    expect(await messagesOfChannel(channelId)).toBe(0);

    const response = await send(channelKey, token, { form: 'offline', text: 'Is the red bike in stock?', contact: { name: 'Bo', email: 'bo@example.com' } });
    expect(response.status).toBe(202);
    const { dialogId } = (await response.json()) as WidgetSendResult;
    expect(await contactOfDialog(dialogId)).toMatchObject({ name: 'Bo', email: 'bo@example.com' });
    const dialog = await worker.db.selectFrom('dialogs').select(['status', 'channel_id']).where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(dialog.channel_id).toBe(channelId);
    const texts = await worker.db.selectFrom('messages').select('text').where('dialog_id', '=', dialogId).where('author_kind', '=', 'client').execute();
    expect(texts.map((t) => t.text)).toEqual(['Is the red bike in stock?']);
  });
});
