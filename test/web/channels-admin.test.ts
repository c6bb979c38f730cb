import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PermanentSendFailure, WebhookRejected, type Connector } from '../../channels/connector';
import { connectors } from '../../channels/registry';
import { decryptSecrets } from '../../channels/secrets';
import type { ChannelSettingsForm } from '../../channels/settings-form';
import { settingsForms } from '../../channels/settings-forms';
import { channelCapabilities, channelKeySchema } from '../../domain/channels';
import { handleChannelWebhook } from '../../web/server/channels/webhook';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, manualLiveBus, PUBLIC_URL, rejection, sessionUser } from './helpers';

/** The admin's channels of a line: settings validated by the kind's form, secrets encrypted and masked. */
const testWorker = useTestWorker({ publicUrl: PUBLIC_URL });
const shared = {
  get deps() {
    return { db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue };
  },
};

/**
 * This file tests what the admin does with any kind's settings, so for its duration a small
 * stand-in takes the place of Telegram's form and connector: a bot token (secret), a mode, and an
 * API root its connection check calls over HTTP. The real kinds test their own forms and connectors.
 */
interface StandInSettings {
  botToken: string;
  mode: 'webhook' | 'polling';
  apiRoot: string;
}
const standInForm: ChannelSettingsForm<StandInSettings> = {
  kind: 'telegram',
  schema: z.object({
    botToken: z.string({ error: 'is required: paste the token @BotFather gave you' }).regex(/^\d+:[\w-]{20,}$/, 'must look like 123456789:AA…'),
    mode: z.enum(['webhook', 'polling']).default('webhook'),
    apiRoot: z.url({ error: 'must be a URL' }).default('http://127.0.0.1:9'),
  }),
  fields: [
    { name: 'botToken', label: 'Bot token', type: 'secret', required: true },
    { name: 'mode', label: 'Receive messages by', type: 'select', options: [{ value: 'webhook', label: 'Webhook' }, { value: 'polling', label: 'Long polling' }] },
    { name: 'apiRoot', label: 'Bot API server', type: 'url' },
  ],
  secretFields: ['botToken'],
};
const standInConnector: Connector<StandInSettings> = {
  kind: 'telegram',
  settings: standInForm,
  capabilities: channelCapabilities.telegram,
  async handleWebhook(channel, request) {
    if (request.headers.get('x-bot-token') !== channel.settings.botToken) throw new WebhookRejected(401, 'wrong or missing token');
    const update = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as { id: string; from: string; text: string };
    return { messages: [{ externalMessageId: update.id, sender: { externalId: update.from }, text: update.text }], receipts: [] };
  },
  send() {
    throw new PermanentSendFailure('the stand-in sends nothing');
  },
  async checkConnection(channel, context) {
    const response = await context.fetch(`${channel.settings.apiRoot}/bot${channel.settings.botToken}/getMe`);
    return response.ok ? { ok: true, detail: 'the bot answers getMe' } : { ok: false, error: `the Bot API answered ${response.status} to getMe` };
  },
};
const realKind = { form: settingsForms.telegram, connector: connectors.telegram };
beforeAll(() => {
  settingsForms.telegram = standInForm;
  connectors.telegram = standInConnector;
});
afterAll(() => {
  settingsForms.telegram = realKind.form;
  connectors.telegram = realKind.connector;
});

const BOT_TOKEN = '123456789:AAE-raw-bot-token-never-shown-9xYz';

async function adminApi() {
  return apiAs(shared.deps, sessionUser(await createUser(shared.deps.db, 'admin'), 'admin'));
}

async function storedRow(channelId: number) {
  return shared.deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
}

describe('channels of a line', () => {
  it('creates a channel whose bot token is stored encrypted and shown only masked', async () => {
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
    expect(decryptSecrets(TEST_SECRET, row.secrets ?? '')).toMatchObject({ botToken: BOT_TOKEN });

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
    expect(decryptSecrets(TEST_SECRET, (await storedRow(created.id)).secrets ?? '')).toMatchObject({ botToken: BOT_TOKEN });

    const replaced = await api.channels.update({ channelId: created.id, name: 'Sales bot', settings: { botToken: '987654321:BBF-another-token-Q1w2', mode: 'polling' } });
    expect(replaced.maskedSecrets).toMatchObject({ botToken: '••••Q1w2' });
    expect(decryptSecrets(TEST_SECRET, (await storedRow(created.id)).secrets ?? '')).toMatchObject({ botToken: '987654321:BBF-another-token-Q1w2' });
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

/** A local "Bot API" answering getMe for one token only. */
async function startBotApi(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const ok = request.url === `/bot${BOT_TOKEN}/getMe`;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { ok: true, result: { id: 123456789, is_bot: true } } : { ok: false, error_code: 401, description: 'Unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a channel added in the admin, as the product uses it', () => {
  it('checks the connection with the stored secret, keeps a failure with its time, and clears it on success', async () => {
    const api = await adminApi();
    const botApi = await startBotApi();
    try {
      const { lineId, channelId: widgetId } = await createLine(shared.deps.db);
      const channel = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: '987654321:BBF-a-revoked-token-Q1w2', apiRoot: botApi.url } });

      expect(await api.channels.checkConnection({ channelId: channel.id })).toEqual({ ok: false, error: 'the Bot API answered 401 to getMe' });
      const failed = (await api.channels.list({ lineId })).find((c) => c.id === channel.id);
      expect(failed).toMatchObject({ lastError: 'the Bot API answered 401 to getMe', lastErrorAt: expect.any(Date) });

      await api.channels.update({ channelId: channel.id, name: 'Bot', settings: { botToken: BOT_TOKEN, apiRoot: botApi.url } });
      expect(await api.channels.checkConnection({ channelId: channel.id })).toEqual({ ok: true, detail: 'the bot answers getMe' });
      expect((await api.channels.list({ lineId })).find((c) => c.id === channel.id)).toMatchObject({ lastError: null, lastErrorAt: null });

      await api.channels.setEnabled({ channelId: channel.id, enabled: false });
      expect(await api.channels.checkConnection({ channelId: channel.id })).toEqual({ ok: false, error: 'The channel is disabled: enable it, then check its connection.' });
      expect(await api.channels.checkConnection({ channelId: widgetId })).toEqual({ ok: true, detail: 'The website chat is served by Openlines itself: there is nothing to connect.' });
    } finally {
      await botApi.close();
    }
  });

  it('takes a delivery at its webhook URL into a dialog of its line, and none once disabled', async () => {
    const api = await adminApi();
    const { lineId } = await createLine(shared.deps.db, { name: 'Support' });
    const channel = await api.channels.create({ lineId, kind: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN } });
    const webhookDeps = { ...shared.deps, channels: { appSecret: TEST_SECRET, publicUrl: PUBLIC_URL } };
    const deliver = (token: string, id: string) =>
      handleChannelWebhook(
        webhookDeps,
        new Request(channel.webhookUrl ?? '', { method: 'POST', headers: { 'x-bot-token': token }, body: JSON.stringify({ id, from: 'client-42', text: 'Hello from the messenger' }) }),
        channel.key,
      );

    expect((await deliver('123456789:AAE-a-forged-token-xxxxxxxx', 'update-0')).status).toBe(401);
    expect((await deliver(BOT_TOKEN, 'update-1')).status).toBe(200);
    const stored = await shared.deps.db
      .selectFrom('messages')
      .innerJoin('dialogs', 'dialogs.id', 'messages.dialog_id')
      .select(['messages.text', 'dialogs.line_id'])
      .where('messages.channel_id', '=', channel.id)
      .execute();
    expect(stored).toEqual([{ text: 'Hello from the messenger', line_id: lineId }]);
    expect((await api.channels.list({ lineId })).find((c) => c.id === channel.id)?.lastInboundAt).toBeInstanceOf(Date);

    await api.channels.setEnabled({ channelId: channel.id, enabled: false });
    expect((await deliver(BOT_TOKEN, 'update-2')).status).toBe(404);
  });
});
