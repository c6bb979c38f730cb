import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/trpc/routers/_app';

/** The message a person should read for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (error.message === 'Failed to fetch' || error.message === 'fetch failed') return 'The server could not be reached. Check your connection and try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}

/** Field errors from the server's errorFormatter: `{ "settings.distribution.handoffMinutes": ["…"] }`. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}

/**
 * For a dialog action the dialog did not confirm in time: whether the server found it done
 * ('applied') or not done yet ('not_applied'), from `data.details`; null for other failures.
 */
export function unconfirmedOutcomeOf(error: unknown): 'applied' | 'not_applied' | null {
  if (!(error instanceof TRPCClientError)) return null;
  const details = (error as TRPCClientError<AppRouter>).data as { details?: { outcome?: unknown } | null } | undefined;
  const outcome = details?.details?.outcome;
  return outcome === 'applied' || outcome === 'not_applied' ? outcome : null;
}
