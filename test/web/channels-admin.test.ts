import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectors } from '../../channels/registry';
import { decryptSecrets } from '../../channels/secrets';
import type { ChannelSettingsForm } from '../../channels/settings-form';
import { settingsForms } from '../../channels/settings-forms';
import { channelKeySchema } from '../../domain/channels';
import { resolveWidgetSecret } from '../../web/server/channels/widget/secret';
import { config } from '../../web/server/config';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, manualLiveBus, PUBLIC_URL, rejection, sessionUser, useApiDatabase } from './helpers';

/** The admin's channels of a line: settings validated by the kind's form, secrets encrypted and masked. */
const shared = useApiDatabase();

/** Stands in for the Telegram kind's form until that kind lands (same field names as its brief). */
const telegramLikeForm: ChannelSettingsForm = {
  kind: 'telegram',
  schema: z.object({
    botToken: z.string({ error: 'is required: paste the token @BotFather gave you' }).regex(/^\d+:[\w-]{20,}$/, 'must look like 123456789:AA…'),
    mode: z.enum(['webhook', 'polling']).default('webhook'),
  }),
  fields: [
    { name: 'botToken', label: 'Bot token', type: 'secret', required: true },
    { name: 'mode', label: 'Receive messages by', type: 'select', options: [{ value: 'webhook', label: 'Webhook' }, { value: 'polling', label: 'Long polling' }] },
  ],
  secretFields: ['botToken'],
};
let registeredForTest = false;
beforeAll(() => {
  if (settingsForms.telegram) return;
  settingsForms.telegram = telegramLikeForm;
  registeredForTest = true;
});
afterAll(() => {
  if (registeredForTest) delete settingsForms.telegram;
});

const BOT_TOKEN = '123456789:AAE-raw-bot-token-never-shown-9xYz';

async function adminApi() {
  return apiAs(shared.deps, sessionUser(await createUser(shared.deps.db, 'admin'), 'admin'));
}

async function storedRow(channelId: number) {
  return shared.deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
}

describe('channels of a line', () => {
  it('creates a Telegram channel whose bot token is stored encrypted and shown only masked', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db, { name: 'Support' });

    const created = await api.channels.create({ lineId, kind: 'telegram', name: 'Support bot', settings: { botToken: BOT_TOKEN, mode: 'webhook' } });
    expect(channelKeySchema.safeParse(created.key).success).toBe(true);
    expect(created.key).toMatch(/^support-bot-[0-9a-f]{6}$/);
    expect(created.webhookUrl).toBe(`${PUBLIC_URL}/api/channels/${created.key}/webhook`);
    expect(created).toMatchObject({ kind: 'telegram', name: 'Support bot', enabled: true, maskedSecrets: { botToken: '••••9xYz' }, lastError: null });

    const row = await storedRow(created.id);
    expect(JSON.stringify(row)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(row)).not.toContain('raw-bot-token');
    expect(decryptSecrets(resolveWidgetSecret(config), row.secrets ?? '')).toMatchObject({ botToken: BOT_TOKEN });

    const listed = await api.channels.list({ lineId });
    expect(listed.map((c) => c.kind)).toEqual(['widget', 'telegram']);
    expect(JSON.stringify(listed)).not.toContain('raw-bot-token');
    expect(listed[1]).toMatchObject({ id: created.id, maskedSecrets: { botToken: '••••9xYz' } });
  });

  it('keeps the stored token when the edit leaves it blank, and replaces it when a new one is typed', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db);
    const created = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN, mode: 'webhook' } });

    const renamed = await api.channels.update({ channelId: created.id, name: 'Sales bot', settings: { botToken: '', mode: 'polling' } });
    expect(renamed).toMatchObject({ name: 'Sales bot', key: created.key, maskedSecrets: { botToken: '••••9xYz' } });
    expect(renamed.settings).toMatchObject({ mode: 'polling' });
    expect(decryptSecrets(resolveWidgetSecret(config), (await storedRow(created.id)).secrets ?? '')).toMatchObject({ botToken: BOT_TOKEN });

    const replaced = await api.channels.update({ channelId: created.id, name: 'Sales bot', settings: { botToken: '987654321:BBF-another-token-Q1w2', mode: 'polling' } });
    expect(replaced.maskedSecrets).toMatchObject({ botToken: '••••Q1w2' });
    expect(decryptSecrets(resolveWidgetSecret(config), (await storedRow(created.id)).secrets ?? '')).toMatchObject({ botToken: '987654321:BBF-another-token-Q1w2' });
  });

  it('refuses settings the kind does not accept, naming the field, and stores nothing', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db);

    const error = await rejection(api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { mode: 'webhook' } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^settings\.botToken: /);
    expect((await api.channels.list({ lineId })).map((c) => c.kind)).toEqual(['widget']);
  });

  it('answers a settings error over HTTP with status 400 and fieldErrors keyed by settings.<field>', async () => {
    const user = sessionUser(await createUser(shared.deps.db, 'admin'), 'admin');
    const { lineId } = await createLine(shared.deps.db);
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/channels.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: '' } })),
      }),
      router: appRouter,
      createContext: () => createContextForUser({ ...shared.deps, liveBus: manualLiveBus(), publicUrl: PUBLIC_URL }, user),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } };
    expect(Object.keys(body.error.json.data.fieldErrors)).toContain('settings.botToken');
  });

  it('names the channel name when it is blank', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db);
    const error = await rejection(api.channels.create({ lineId, kind: 'telegram', name: '  ', settings: { botToken: BOT_TOKEN } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('name: must not be empty');
  });

  it('disables and enables a channel, keeping its settings', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db);
    const created = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });

    expect(await api.channels.setEnabled({ channelId: created.id, enabled: false })).toMatchObject({ enabled: false, maskedSecrets: { botToken: '••••9xYz' } });
    expect((await storedRow(created.id)).enabled).toBe(false);
    expect((await api.channels.list({ lineId })).find((c) => c.id === created.id)?.enabled).toBe(false);
    expect(await api.channels.setEnabled({ channelId: created.id, enabled: true })).toMatchObject({ enabled: true });
  });

  it('removes a channel without dialogs, and refuses to remove one whose dialogs would be lost', async () => {
    const api = await adminApi();
    const { lineId, channelId: widgetId } = await createLine(shared.deps.db);
    const telegram = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });
    await insertDialog(shared.deps.db, { lineId, channelId: widgetId, status: 'queued' });

    expect(await api.channels.remove({ channelId: telegram.id })).toEqual({ removed: true });
    const refused = await rejection(api.channels.remove({ channelId: widgetId }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('This channel has 1 dialog; removing it would delete their history. Disable it instead.');
    expect((await api.channels.list({ lineId })).map((c) => c.id)).toEqual([widgetId]);
  });

  it('gives a line several channels, each with its own key and webhook URL', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db);
    const first = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });
    const second = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });
    expect(first.key).not.toBe(second.key);
    expect((await api.channels.list({ lineId })).map((c) => c.webhookUrl)).toEqual([null, first.webhookUrl, second.webhookUrl]);
  });

  it('checks the connection: the website chat needs none, a kind without a connector says so', async () => {
    const api = await adminApi();
    const { lineId, channelId: widgetId } = await createLine(shared.deps.db);
    expect(await api.channels.checkConnection({ channelId: widgetId })).toEqual({ ok: true, detail: 'The website chat is served by Openlines itself: there is nothing to connect.' });
    if (connectors.telegram) return; // the real connector is checked against a local Bot API in its own tests
    const telegram = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });
    expect(await api.channels.checkConnection({ channelId: telegram.id })).toEqual({
      ok: false,
      error: 'Telegram channels cannot be connected yet: this version of Openlines has no Telegram connector.',
    });
  });

  it('is for admins only', async () => {
    const { lineId, channelId } = await createLine(shared.deps.db);
    for (const role of ['director', 'manager'] as const) {
      const api = apiAs(shared.deps, sessionUser(await createUser(shared.deps.db, role), role));
      expect((await rejection(api.channels.list({ lineId }))).code).toBe('FORBIDDEN');
      expect((await rejection(api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } }))).code).toBe('FORBIDDEN');
      expect((await rejection(api.channels.setEnabled({ channelId, enabled: false }))).code).toBe('FORBIDDEN');
    }
    expect((await storedRow(channelId)).enabled).toBe(true);
  });
});
