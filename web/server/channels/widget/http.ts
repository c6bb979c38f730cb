import { ServiceError } from '@temporalio/client';
import { z } from 'zod';
import { DEFAULT_LOCALE, type Locale } from '../../../../domain/locale';
import { AppError, httpStatusOf, RateLimitError } from '../../../../domain/errors';
import { appErrorMessageIn } from '../../error-messages';
import { readBodyText } from '../../http/body';
import { jsonAnswer } from '../../http/small-bodies';
import { retryAfterHeaders } from '../../http/rate-limit';
import type { WidgetErrorBody } from './schemas';
import { localizedVisitorError } from './visitor-errors';

/** JSON in and out of the widget's public endpoints, and the one place errors become statuses. */

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonAnswer(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export function errorResponse(status: number, message: string, fieldErrors: Record<string, string[]> = {}, headers: Record<string, string> = {}): Response {
  const body: WidgetErrorBody = { error: { message, fieldErrors } };
  return jsonResponse(body, status, headers);
}

/**
 * Runs a handler body and turns what it throws into the widget's error shape. With `localeOf` (the
 * chat's language for this visitor), what a visitor can read comes in that language.
 */
export async function handleErrors(run: () => Promise<Response>, localeOf?: () => Promise<Locale>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const locale = localeOf ? await localeOf().catch(() => DEFAULT_LOCALE) : DEFAULT_LOCALE;
    return errorToResponse(error, locale);
  }
}

/**
 * The error as the widget's JSON answer. English keeps the detailed wording (naming the field and
 * the fix, for integrators too); another language gets the visitor's sentence for the same error.
 */
export function errorToResponse(error: unknown, locale: Locale = DEFAULT_LOCALE): Response {
  const response = englishErrorResponse(error);
  if (locale === 'en') return response;
  const localized = localizedVisitorError(error, response.status, locale);
  return errorResponse(response.status, localized.message, localized.fieldErrors, Object.fromEntries(response.headers));
}

/**
 * The error as JSON for a signed-in staff member: the same answer as English, its message (and the
 * field's) in their language from the errors catalogue (route handlers outside tRPC, e.g. uploads).
 */
export function staffErrorResponse(error: unknown, locale: Locale): Response {
  if (locale === 'en' || !(error instanceof AppError)) return englishErrorResponse(error);
  return appErrorResponse(error, appErrorMessageIn(error, locale));
}

/** An AppError's status, its message (in whatever language it was rendered) and its field's message. */
function appErrorResponse(error: AppError, message: string): Response {
  const fieldErrors = error.field ? { [error.field]: [stripFieldPrefix(message, error.field)] } : {};
  return errorResponse(httpStatusOf[error.code], message, fieldErrors, error instanceof RateLimitError ? retryAfterHeaders(error) : {});
}

function englishErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return appErrorResponse(error, error.message);
  if (error instanceof z.ZodError) return zodErrorResponse(error);
  // Temporal unreachable or too slow (see worker/temporal-deadline.ts): whatever was stored stays, a retry is safe.
  if (error instanceof ServiceError) {
    console.error('widget: Temporal unavailable', error);
    return errorResponse(503, 'The chat service is temporarily unavailable; please try again in a moment.');
  }
  console.error('widget: unexpected error', error);
  return errorResponse(500, 'Something went wrong on our side; please try again.');
}

function stripFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

export function zodErrorResponse(error: z.ZodError): Response {
  const fieldErrors: Record<string, string[]> = {};
  const parts: string[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    const message = describeIssue(issue);
    (fieldErrors[field] ??= []).push(message);
    parts.push(`${field}: ${message}`);
  }
  return errorResponse(400, parts.join('; '), fieldErrors);
}

/** zod's generic type messages ("Invalid input: expected string, received undefined") made plain. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.message.endsWith('received undefined')) return 'is required';
    if (issue.path.length === 0) return 'must be a JSON object';
    if (issue.message.startsWith('Invalid input')) return `must be a ${issue.expected}`;
  }
  return issue.message;
}

const MAX_BODY_BYTES = 32 * 1024;

/**
 * The request's JSON body, parsed by `schema`; 400 naming the field otherwise. An empty body
 * counts as `{}` when `emptyAsObject` (for endpoints whose fields are all optional).
 */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  options: { emptyAsObject?: boolean } = {},
): Promise<z.infer<T>> {
  const raw = await readBodyText(request, MAX_BODY_BYTES);
  let data: unknown;
  if (raw.trim() === '' && options.emptyAsObject) {
    data = {};
  } else {
    try {
      data = JSON.parse(raw);
    } catch {
      throw new AppError('BAD_REQUEST', 'body: must be valid JSON (send Content-Type: application/json)', 'body');
    }
  }
  return schema.parse(data);
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
