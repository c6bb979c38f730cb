/**
 * Errors a user can cause. Services and activities throw AppError; the tRPC layer maps `code` to
 * an HTTP status, HTTP route handlers do the same. Messages name the problem and the fix.
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
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly field?: string,
    /** Structured, JSON-safe details the UI can show (e.g. `{ problems }` of a refused flow); sent as `data.details`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
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
