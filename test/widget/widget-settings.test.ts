import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetSettingsSchema } from '../../channels/widget/settings';
import { settingsForms } from '../../channels/settings-forms';
import { createDb, type Database } from '../../db/client';
import { handleAppearance } from '../../web/server/channels/widget/appearance';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { handleSendMessage } from '../../web/server/channels/widget/messages';
import type { WidgetAppearance, WidgetErrorBody, WidgetSession } from '../../web/server/channels/widget/schemas';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createConnectedChannel } from '../support/channels';
import { createLine } from '../support/fixtures';
import { idleTemporalClient } from '../web/helpers';

/**
 * A widget channel's settings (SPEC §7) as the admin enters them and as the visitor meets them:
 * the session and the launcher's appearance apply them, and the allowed site origins keep other
 * sites out. Driven through the handlers the Next.js routes call, on a real PostgreSQL.
 */
const OWN_ORIGIN = 'https://chat.openlines.test';
let database: TestDatabase;
let db: Database;
let deps: WidgetDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  deps = {
    db,
    temporal: idleTemporalClient(),
    taskQueue: 'unused',
    secret: TEST_SECRET,
    live: { subscribe: async () => () => undefined },
    publicOrigin: OWN_ORIGIN,
  };
});

afterAll(async () => {
  await deps?.temporal.connection.close();
  await db?.destroy();
  await database?.destroy();
});

/** A line with a widget channel whose settings are stored as the admin's form saves them. */
async function widgetWith(settings: Record<string, unknown>): Promise<{ channelKey: string; channelId: number }> {
  const { lineId } = await createLine(db);
  const { id, key } = await createConnectedChannel(db, { lineId, kind: 'widget', settings, name: 'Test widget' });
  return { channelKey: key, channelId: id };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${OWN_ORIGIN}/api/widget${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function session(channelKey: string, options: { origin?: string; embeddedIn?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = options.origin ? { origin: options.origin } : {};
  return handleCreateSession(deps, post(`/${channelKey}/session`, options.embeddedIn ? { embeddedIn: options.embeddedIn } : {}, headers), channelKey);
}

async function appearance(channelKey: string, origin?: string): Promise<Response> {
  const request = new Request(`${OWN_ORIGIN}/api/widget/${channelKey}/appearance`, { headers: origin ? { origin } : {} });
  return handleAppearance(deps, request, channelKey);
}

describe('the widget settings form', () => {
  it('is registered for the widget kind, with no secret fields', () => {
    expect(settingsForms.widget?.kind).toBe('widget');
    expect(settingsForms.widget?.secretFields).toEqual([]);
    expect(settingsForms.widget?.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['title', 'color', 'position', 'greeting', 'allowedOrigins', 'prechatName', 'prechatEmail', 'prechatPhone', 'language']),
    );
  });

  it('turns the origins textarea into a list of origins and names the field of a bad entry', () => {
    const parsed = widgetSettingsSchema.parse({ allowedOrigins: 'https://shop.example.com/\nhttp://localhost:8080, https://blog.example.com/path' });
    expect(parsed.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:8080', 'https://blog.example.com']);
    expect(parsed).toMatchObject({ position: 'bottom-right', prechatName: 'off', prechatEmail: 'off', prechatPhone: 'off' });

    const bad = widgetSettingsSchema.safeParse({ allowedOrigins: 'shop.example.com', color: 'blue', position: 'top' });
    expect(bad.success).toBe(false);
    const byField = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField['allowedOrigins.0']).toBe('"shop.example.com" is not a site origin; write it like https://shop.example.com');
    expect(byField.color).toBe('must be a colour like #4352d6');
    expect(byField.position).toBe('must be bottom-right or bottom-left');
  });
});

describe('the widget session and launcher', () => {
  it('carry the title, colour, position, greeting and pre-chat questions the admin set', async () => {
    const { channelKey } = await widgetWith({
      title: 'Acme Bikes',
      color: '#112233',
      position: 'bottom-left',
      greeting: 'Hi! Ask about repairs.',
      prechatName: 'required',
      prechatEmail: 'optional',
    });
    const response = await session(channelKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as WidgetSession;
    expect(body.channel).toEqual({
      key: channelKey,
      title: 'Acme Bikes',
      color: '#112233',
      position: 'bottom-left',
      greeting: 'Hi! Ask about repairs.',
      prechat: { name: 'required', email: 'optional', phone: 'off' },
      language: 'en',
    });

    const launcher = await appearance(channelKey, 'https://shop.example.com');
    expect(launcher.status).toBe(200);
    expect((await launcher.json()) as WidgetAppearance).toEqual({ title: 'Acme Bikes', color: '#112233', position: 'bottom-left' });
    // widget.js reads it from the customer's page: a cross-origin read the browser must be allowed.
    expect(launcher.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
  });

  it('keeps today’s look for a channel without settings', async () => {
    const { channelKey } = await createLine(db);
    const body = (await (await session(channelKey)).json()) as WidgetSession;
    expect(body.channel).toEqual({
      key: channelKey,
      title: 'Test widget',
      color: null,
      position: 'bottom-right',
      greeting: null,
      prechat: { name: 'off', email: 'off', phone: 'off' },
      language: 'en',
    });
  });
});

describe('allowed site origins', () => {
  it('let any site in while the list is empty', async () => {
    const { channelKey } = await createLine(db);
    expect((await session(channelKey, { origin: 'https://anyone.example' })).status).toBe(200);
    expect((await session(channelKey, { embeddedIn: 'https://anyone.example/page' })).status).toBe(200);
    expect((await appearance(channelKey, 'https://anyone.example')).status).toBe(200);
  });

  it('refuse the API, the launcher and an embedding to a site not on the list, naming the fix', async () => {
    const { channelKey, channelId } = await widgetWith({ allowedOrigins: 'https://shop.example.com' });
    const expected = `origin: https://evil.example may not use this chat; an admin adds it to the chat's "Allowed site origins" (Admin → Lines → the line's channels)`;

    const refused = await session(channelKey, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as WidgetErrorBody).error.message).toBe(expected);

    const framed = await session(channelKey, { embeddedIn: 'https://evil.example/landing?ref=1' });
    expect(framed.status).toBe(403);
    expect(((await framed.json()) as WidgetErrorBody).error.fieldErrors).toEqual({ origin: [expected.replace('origin: ', '')] });

    const launcher = await appearance(channelKey, 'https://evil.example');
    expect(launcher.status).toBe(403);
    // Readable by the refused page, so widget.js can tell its developer why.
    expect(launcher.headers.get('access-control-allow-origin')).toBe('https://evil.example');

    // A visitor holding a valid token still cannot write from that site, and nothing is stored.
    const { token } = (await (await session(channelKey)).json()) as WidgetSession;
    const sent = await handleSendMessage(
      deps,
      post(`/${channelKey}/messages`, { clientMessageId: randomUUID(), text: 'from a copied widget' }, { origin: 'https://evil.example', authorization: `Bearer ${token}` }),
      channelKey,
    );
    expect(sent.status).toBe(403);
    const stored = await db.selectFrom('messages').select('id').where('channel_id', '=', channelId).execute();
    expect(stored).toEqual([]);
  });

  it('let the listed site and the product’s own pages in', async () => {
    const { channelKey } = await widgetWith({ allowedOrigins: 'https://shop.example.com' });
    expect((await session(channelKey, { origin: 'https://shop.example.com', embeddedIn: 'https://shop.example.com/cart' })).status).toBe(200);
    // The hosted chat page and the demo page are the product's own origin (PUBLIC_URL).
    expect((await session(channelKey, { origin: OWN_ORIGIN, embeddedIn: `${OWN_ORIGIN}/widget-demo` })).status).toBe(200);
    // A server-side caller sends no Origin: only what a browser vouches for is judged.
    expect((await session(channelKey)).status).toBe(200);
    expect((await appearance(channelKey, 'https://shop.example.com')).status).toBe(200);
  });
});

describe('the chat’s language', () => {
  async function firstMessageWithoutEmail(channelKey: string, acceptLanguage?: string): Promise<WidgetErrorBody['error']> {
    const { token } = (await (await session(channelKey)).json()) as WidgetSession;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) };
    const response = await handleSendMessage(deps, post(`/${channelKey}/messages`, { clientMessageId: randomUUID(), text: 'Hello' }, headers), channelKey);
    expect(response.status).toBe(400);
    return ((await response.json()) as WidgetErrorBody).error;
  }

  it('is English unless the admin picks Russian or the visitor’s browser; anything else is refused naming the choices', () => {
    expect(widgetSettingsSchema.parse({}).language).toBe('en');
    expect(widgetSettingsSchema.parse({ language: 'ru' }).language).toBe('ru');
    expect(widgetSettingsSchema.parse({ language: 'auto' }).language).toBe('auto');
    const bad = widgetSettingsSchema.safeParse({ language: 'de' });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['language'], message: 'must be auto, en (English) or ru (Russian)' });
  });

  it('words the API’s answers to a visitor of a Russian chat in Russian, field by field', async () => {
    const { channelKey } = await widgetWith({ language: 'ru', prechatEmail: 'required' });
    const error = await firstMessageWithoutEmail(channelKey, 'en-US,en;q=0.9');
    expect(error.message).toBe('Проверьте, пожалуйста, введённые данные.');
    expect(error.fieldErrors).toEqual({ 'contact.email': ['Заполните поле «E-mail»'] });
  });

  it('keeps an English chat’s answers in English, and follows the browser when set to automatic', async () => {
    const english = await widgetWith({ prechatEmail: 'required' });
    expect((await firstMessageWithoutEmail(english.channelKey, 'ru-RU,ru;q=0.9')).fieldErrors).toEqual({ 'contact.email': ['is required'] });

    const automatic = await widgetWith({ language: 'auto', prechatEmail: 'required' });
    expect((await firstMessageWithoutEmail(automatic.channelKey, 'ru-RU,ru;q=0.9,en;q=0.5')).fieldErrors).toEqual({ 'contact.email': ['Заполните поле «E-mail»'] });
    expect((await firstMessageWithoutEmail(automatic.channelKey, 'de-DE,de;q=0.9')).fieldErrors).toEqual({ 'contact.email': ['is required'] });
  });
});
