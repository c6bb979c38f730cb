import { ApplicationFailure } from '@temporalio/common';
import { Api, GrammyError } from 'grammy';
import { PermanentSendFailure } from '../connector';
import type { TelegramSettings } from './settings';

type BotSettings = Pick<TelegramSettings, 'botToken' | 'apiRoot'>;

/** The Bot API client of one channel: grammY pointed at the channel's API root, over `fetch`. */
export function botApi(settings: BotSettings, fetchFn: typeof fetch = fetch): Api {
  return new Api(settings.botToken, { apiRoot: settings.apiRoot, fetch: fetchFn });
}

/** grammY's Node build types AbortSignal by its abort-controller shim; it takes the platform's own at run time. */
export type ApiSignal = Parameters<Api['getMe']>[0];
export function apiSignal(signal: AbortSignal | undefined): ApiSignal {
  return signal as ApiSignal;
}

/** Where a file that getFile described is downloaded (https://core.telegram.org/bots/api#getfile). */
export function fileUrl(settings: BotSettings, filePath: string): string {
  return `${settings.apiRoot}/file/bot${settings.botToken}/${filePath}`;
}

/**
 * Sorts a failed send: what no retry can fix becomes a PermanentSendFailure the operator sees on the
 * message (the user blocked the bot, the chat is gone, the token was revoked, Telegram refused the
 * content); 429 waits as long as Telegram asks (`retry_after`) before the activity's next attempt;
 * 5xx and network errors are retried with the activity's back-off.
 */
export function classifySendError(error: unknown): Error {
  if (!(error instanceof GrammyError)) return error instanceof Error ? error : new Error(String(error));
  const reason = `Telegram ${error.method}: ${error.error_code} ${error.description}`;
  if (error.error_code === 429) {
    const seconds = error.parameters.retry_after ?? 1;
    return ApplicationFailure.create({ message: reason, type: 'TelegramRateLimited', nextRetryDelay: `${seconds} seconds` });
  }
  if (error.error_code >= 500) return new Error(reason);
  return new PermanentSendFailure(permanentReason(error));
}

/** What the operator reads on the failed message: the cause in their words, then Telegram's. */
function permanentReason(error: GrammyError): string {
  if (error.error_code === 403) return `The client blocked the bot or left the chat; Telegram refused the message (${error.description}).`;
  if (error.error_code === 401) return `The bot token was refused by Telegram (revoked?): update it in the channel settings (${error.description}).`;
  if (/chat not found/i.test(error.description)) return `Telegram does not know this chat: the client never wrote to this bot or deleted the chat (${error.description}).`;
  return `Telegram refused the message: ${error.error_code} ${error.description}`;
}

/** A short, token-free account of a failed call, for "check connection" and the poller's log. */
export function describeApiError(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`;
  return error instanceof Error ? error.message : String(error);
}
