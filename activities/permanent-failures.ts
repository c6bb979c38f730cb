import { ApplicationFailure } from '@temporalio/activity';
import { AppError, DIALOG_CLOSED_FAILURE, DialogClosedError } from '../domain/errors';

/**
 * Wraps every activity so a failure that cannot heal by retrying fails at once instead of retrying
 * for ever (the workflow's retry policy has no attempt limit, so an outage of PostgreSQL heals):
 * a dialog found closed, a PostgreSQL integrity constraint violation (SQLSTATE class 23), and any
 * other AppError (a refusal a user or the data caused).
 */
export function withPermanentFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw asPermanentFailure(error) ?? error;
      }
    };
  }
  return wrapped as T;
}

function asPermanentFailure(error: unknown): ApplicationFailure | undefined {
  if (error instanceof DialogClosedError) return ApplicationFailure.nonRetryable(error.message, DIALOG_CLOSED_FAILURE, { dialogId: error.dialogId });
  if (error instanceof AppError) return ApplicationFailure.nonRetryable(error.message, `AppError:${error.code}`);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^23[0-9A-Z]{3}$/.test(code)) {
    return ApplicationFailure.create({ message: (error as Error).message, type: 'ConstraintViolation', nonRetryable: true, details: [code], cause: error as Error });
  }
  return undefined;
}
