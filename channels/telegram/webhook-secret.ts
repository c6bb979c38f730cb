import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TelegramSettings } from './settings';

/**
 * The `secret_token` Telegram sends with every update. An admin may set one; left blank, it is
 * derived from the bot token, so it is stable across restarts without being stored, and only whoever
 * holds the bot token (Telegram, this server) can know it.
 */
export function webhookSecretOf(settings: Pick<TelegramSettings, 'botToken' | 'webhookSecret'>): string {
  if (settings.webhookSecret) return settings.webhookSecret;
  return createHmac('sha256', settings.botToken).update('openlines/telegram/webhook-secret').digest('base64url');
}

/** Timing-safe: a forger learns nothing from how long the refusal took. */
export function isRightWebhookSecret(settings: Pick<TelegramSettings, 'botToken' | 'webhookSecret'>, given: string | null): boolean {
  if (given === null) return false;
  const expected = Buffer.from(webhookSecretOf(settings));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
