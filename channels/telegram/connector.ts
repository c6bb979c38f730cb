import { GrammyError } from 'grammy';
import { channelCapabilities } from '../../domain/channels';
import { WebhookRejected, type ConnectedChannel, type Connector, type InboundDelivery, type WebhookOutcome, type WebhookRequest } from '../connector';
import { apiSignal, botApi, describeApiError } from './bot-api';
import { toDeliveries } from './inbound';
import { sendToChat } from './send';
import { telegramSettingsForm, type TelegramSettings } from './settings';
import { readUpdate, updateSchema, type TelegramUpdate } from './update';
import { isRightWebhookSecret, webhookSecretOf } from './webhook-secret';

/** Only what becomes a client message; Telegram then does not even send the rest. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Telegram through the Bot API (grammY): a private chat with the channel's bot is a client's
 * conversation, identified by the Telegram user id. Updates come by webhook (checked with the
 * secret token Telegram echoes in X-Telegram-Bot-Api-Secret-Token) or by long polling.
 */
export const telegramConnector: Connector<TelegramSettings> = {
  kind: 'telegram',
  settings: telegramSettingsForm,
  capabilities: channelCapabilities.telegram,

  async handleWebhook(channel, request, context) {
    if (!isRightWebhookSecret(channel.settings, request.headers.get('x-telegram-bot-api-secret-token'))) {
      throw new WebhookRejected(401, 'X-Telegram-Bot-Api-Secret-Token is missing or wrong: only Telegram, given the secret by setWebhook ("Check connection" in the admin), may post here');
    }
    if (request.method !== 'POST') throw new WebhookRejected(400, `Telegram delivers updates with POST, not ${request.method}`);
    const update = parseUpdate(request);
    const read = readUpdate(update);
    if (!read) return { messages: [], receipts: [] };
    const messages = await toDeliveries(botApi(channel.settings, context.fetch), channel.settings, read, context.fetch);
    // A button press is answered in the webhook's own response (the Bot API allows one call
    // there), which stops the button's spinner without another request.
    const response: WebhookOutcome['response'] = read.callbackQueryId
      ? { status: 200, contentType: 'application/json', body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: read.callbackQueryId }) }
      : undefined;
    return { messages, receipts: [], ...(response ? { response } : {}) };
  },

  polls: (settings) => settings.mode === 'polling',

  async poll(channel, { fetch: fetchFn, cursor, waitMs, signal }) {
    const api = botApi(channel.settings, fetchFn);
    const offset = cursor === null ? undefined : Number(cursor);
    let updates: unknown[];
    try {
      updates = await api.getUpdates({ ...(offset === undefined ? {} : { offset }), timeout: Math.floor(waitMs / 1000), allowed_updates: [...ALLOWED_UPDATES] }, apiSignal(signal));
    } catch (error) {
      if (signal.aborted) return { messages: [], receipts: [], cursor };
      // The channel was switched to long polling while its webhook is still registered.
      if (error instanceof GrammyError && error.error_code === 409) {
        await api.deleteWebhook({}, apiSignal(signal));
        return { messages: [], receipts: [], cursor };
      }
      throw error;
    }
    const messages: InboundDelivery[] = [];
    let next = cursor;
    for (const raw of updates) {
      const parsed = updateSchema.safeParse(raw);
      // The next offset confirms every update read: a malformed one is dropped, not read forever.
      const updateId = (raw as { update_id?: unknown }).update_id;
      if (typeof updateId === 'number') next = String(updateId + 1);
      if (!parsed.success) {
        console.error(`telegram channel ${channel.key}: update ${String(updateId)} is malformed and was skipped: ${parsed.error.message}`);
        continue;
      }
      const read = readUpdate(parsed.data);
      if (!read) continue;
      messages.push(...(await toDeliveries(api, channel.settings, read, fetchFn)));
      if (read.callbackQueryId) await answerPress(api, channel, read.callbackQueryId);
    }
    return { messages, receipts: [], cursor: next };
  },

  async send(channel, message, context) {
    return { externalMessageId: await sendToChat(botApi(channel.settings, context.fetch), message, context.signal) };
  },

  async checkConnection(channel, context) {
    const api = botApi(channel.settings, context.fetch);
    try {
      const me = await api.getMe(apiSignal(context.signal));
      const bot = me.username ? `@${me.username}` : me.first_name;
      if (channel.settings.mode === 'polling') {
        await api.deleteWebhook({}, apiSignal(context.signal));
        return { ok: true, detail: `${bot}: receiving by long polling (any webhook removed)` };
      }
      const url = webhookUrlOf(channel);
      await api.setWebhook(url, { secret_token: webhookSecretOf(channel.settings), allowed_updates: [...ALLOWED_UPDATES] }, apiSignal(context.signal));
      return { ok: true, detail: `${bot}: webhook set to ${url}` };
    } catch (error) {
      const reason = describeApiError(error);
      const hint = /https/i.test(reason) ? ' (Telegram posts only to https URLs: set PUBLIC_URL to this server’s public https address, or switch the channel to long polling)' : '';
      return { ok: false, error: `${reason}${hint}` };
    }
  },
};

function parseUpdate(request: WebhookRequest): TelegramUpdate {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(request.rawBody));
  } catch {
    throw new WebhookRejected(400, 'the body is not JSON: Telegram posts one Update object as JSON');
  }
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookRejected(400, `not a Telegram Update: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable'}`);
  }
  return parsed.data;
}

/** Stops the pressed button's spinner; a failure only leaves it spinning a little longer. */
async function answerPress(api: ReturnType<typeof botApi>, channel: ConnectedChannel<TelegramSettings>, callbackQueryId: string): Promise<void> {
  try {
    await api.answerCallbackQuery(callbackQueryId);
  } catch (error) {
    console.warn(`telegram channel ${channel.key}: answerCallbackQuery failed: ${describeApiError(error)}`);
  }
}

function webhookUrlOf(channel: ConnectedChannel<TelegramSettings>): string {
  return new URL(`/api/channels/${encodeURIComponent(channel.key)}/webhook`, channel.publicUrl).toString();
}
