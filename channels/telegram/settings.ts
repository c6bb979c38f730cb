import { z } from 'zod';
import type { ChannelSettingsForm } from '../settings-form';

/** Telegram's own rule for `secret_token` (setWebhook): 1–256 of A–Z, a–z, 0–9, _ and -. */
const webhookSecretSchema = z
  .string()
  .trim()
  .max(256, 'must be at most 256 characters')
  .regex(/^[A-Za-z0-9_-]*$/, 'may contain only letters A–Z and a–z, digits, _ and - (Telegram’s rule for secret_token); leave it blank to have one made for you');

export const telegramSettingsSchema = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'is not a bot token: copy it from @BotFather, it looks like 123456789:AAE…'),
  mode: z.enum(['webhook', 'polling']).default('webhook'),
  /** Blank: derived from the bot token (channels/telegram/webhook-secret.ts), so it is stable without being stored. */
  webhookSecret: webhookSecretSchema.default(''),
  apiRoot: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.telegram.org' })
    .default('https://api.telegram.org')
    .transform((url) => url.replace(/\/+$/, '')),
});
export type TelegramSettings = z.infer<typeof telegramSettingsSchema>;

export const telegramSettingsForm: ChannelSettingsForm<TelegramSettings> = {
  kind: 'telegram',
  schema: telegramSettingsSchema,
  secretFields: ['botToken', 'webhookSecret'],
  fields: [
    { name: 'botToken', label: 'Bot token', type: 'secret', required: true, help: 'From @BotFather (/newbot or /token), e.g. 123456789:AAE….' },
    {
      name: 'mode',
      label: 'Receive messages by',
      type: 'select',
      options: [
        { value: 'webhook', label: 'Webhook (this server has a public https URL)' },
        { value: 'polling', label: 'Long polling (no public URL needed)' },
      ],
      help: 'Webhook: "Check connection" calls getMe and registers this channel’s webhook URL with Telegram (setWebhook with the secret token). Long polling: the worker asks Telegram for new messages itself and "Check connection" removes any webhook.',
    },
    {
      name: 'webhookSecret',
      label: 'Webhook secret token',
      type: 'secret',
      help: 'Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update; other requests are refused. Leave blank to derive one from the bot token.',
    },
    { name: 'apiRoot', label: 'Bot API server', type: 'url', help: 'https://api.telegram.org unless you run your own Bot API server or a proxy.' },
  ],
};
