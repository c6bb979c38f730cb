import { z } from 'zod';
import { AppError, httpStatusOf, RateLimitError } from '../../../domain/errors';
import { readBodyText } from '../http/body';
import { createRateLimiter, retryAfterHeaders } from '../http/rate-limit';
import { jsonAnswer } from '../http/small-bodies';
import { authenticateApiKey } from '../services/api-keys';
import type { AppContext } from '../trpc/init';
import { parseInput } from './input';
import { matchOperation, type ApiOperation } from './registry';

export const API_BASE_PATH = '/api/v1';
const MAX_BODY_BYTES = 64 * 1024;

type ErrorCode = keyof typeof httpStatusOf | 'METHOD_NOT_ALLOWED' | 'INTERNAL';

function errorResponse(status: number, code: ErrorCode, message: string, field?: string, headers: Record<string, string> = {}): Response {
  return jsonAnswer({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

/** Query values as the schema wants them: a list field gets every value, any other field the last. */
function queryObject(schema: z.ZodObject<z.ZodRawShape> | undefined, search: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (!schema) return values;
  for (const [name, field] of Object.entries(schema.shape)) {
    const all = search.getAll(name);
    if (all.length === 0) continue;
    const isList = (field as z.ZodType).safeParse([]).success;
    values[name] = isList ? all : all[all.length - 1];
  }
  return values;
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  if (!text.trim()) throw new AppError('BAD_REQUEST', 'body: send a JSON object (Content-Type: application/json)', 'body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BAD_REQUEST', 'body: is not valid JSON', 'body');
  }
}

export interface ApiHandlerOptions {
  operations: readonly ApiOperation[];
  /** Builds the context on first need (the process-wide clients, or a test's). */
  context: () => AppContext;
  ratePerMinute: number;
}

/** Serves one request under /api/v1: route, authenticate, check scope and rate, validate, run, answer. */
export async function handleApiRequest(request: Request, options: ApiHandlerOptions): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_BASE_PATH) ? url.pathname.slice(API_BASE_PATH.length) || '/' : url.pathname;
  const matched = matchOperation(options.operations, request.method, path);
  if (!matched) return errorResponse(404, 'NOT_FOUND', `There is no API operation at ${url.pathname}; see ${API_BASE_PATH}/openapi.json.`);
  if (!('operation' in matched)) {
    return errorResponse(405, 'METHOD_NOT_ALLOWED', `${request.method} is not supported here; use ${matched.allowed.join(' or ')}.`, undefined, { Allow: matched.allowed.join(', ') });
  }
  const { operation, params } = matched;
  try {
    const deps = options.context();
    const caller = await authenticateApiKey(deps, request.headers.get('authorization'));
    await createRateLimiter(deps.db, { name: 'api-key', limit: options.ratePerMinute, windowMs: 60_000, counts: 'requests with this API key' }).hit(String(caller.keyId));
    if (!caller.scopes.has(operation.scope)) {
      throw new AppError('FORBIDDEN', `This API key lacks the scope ${operation.scope}; an admin can create a key that has it.`);
    }
    const input = {
      params: operation.params ? parseInput(operation.params, params, 'path') : {},
      query: operation.query ? parseInput(operation.query, queryObject(operation.query, url.searchParams), 'query') : {},
      body: operation.body ? parseInput(operation.body, await readJsonBody(request), 'body') : undefined,
    };
    const result = await operation.handle({ deps, caller, ...input });
    // Dates become ISO strings, then the answer is held to its documented schema.
    const json: unknown = JSON.parse(JSON.stringify(result));
    const checked = operation.response.safeParse(json);
    if (!checked.success) throw new Error(`${operation.id} answered outside its schema: ${z.prettifyError(checked.error)}`);
    return jsonAnswer(checked.data, { status: operation.status ?? 200 });
  } catch (error) {
    if (error instanceof RateLimitError) return errorResponse(429, 'TOO_MANY_REQUESTS', error.message, undefined, retryAfterHeaders(error));
    if (error instanceof AppError) return errorResponse(httpStatusOf[error.code], error.code, error.message, error.field);
    console.error(`API ${request.method} ${url.pathname} failed`, error);
    return errorResponse(500, 'INTERNAL', 'Something went wrong on the server. Try again; if it keeps failing, tell your admin.');
  }
}
