import { englishErrorText, type ErrorMessage } from './error-messages';

/**
 * Errors a user can cause. Services and activities throw AppError; the tRPC layer maps `code` to
 * an HTTP status, HTTP route handlers do the same. Messages name the problem and the fix.
 *
 * Staff read them in their language: give the message as a key of the `errors` catalogue
 * (`errorMessage('staff.emailTaken', { email })`, see domain/error-messages.ts). `message` is then
 * the English text (API, logs); the tRPC error formatter renders the key in the user's language.
 * A plain string still works, and reaches everyone in English.
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  /** The catalogue message `message` was rendered from, when it was given as one. */
  readonly catalogueMessage: ErrorMessage | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string | ErrorMessage,
    readonly field?: string,
    /** Structured, JSON-safe details the UI can show (e.g. `{ problems }` of a refused flow); sent as `data.details`. */
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : englishErrorText(message.key, message.values));
    this.name = 'AppError';
    this.catalogueMessage = typeof message === 'string' ? undefined : message;
  }
}

export const httpStatusOf: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

/**
 * A write meant for an open dialog found it closed (a late step of a run, a replayed message): a
 * permanent refusal, never retried — only the inbound path's reopen opens a closed dialog again.
 */
export class DialogClosedError extends AppError {
  constructor(readonly dialogId: number) {
    super('CONFLICT', `dialog ${dialogId} is closed; it is reopened only by the client writing inside the reopen window`);
    this.name = 'DialogClosedError';
  }
}

/** The ApplicationFailure type of an activity that found its dialog closed (the workflow ends its run on it). */
export const DIALOG_CLOSED_FAILURE = 'DialogClosed';
/** A per-client limit refused the request; the answer carries Retry-After. */
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message);
    this.name = 'RateLimitError';
  }
}
