import type { z } from 'zod';
import type { ApiScope } from '../../../domain/api-scopes';
import type { AppContext } from '../trpc/init';
import type { ApiCaller } from '../services/api-keys';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** What a handler may return for a schema: Dates where the schema has (ISO) strings; they are serialised before the check. */
export type Serialisable<T> = T extends string ? string | Date : T extends readonly (infer U)[] ? Serialisable<U>[] : T extends object ? { [K in keyof T]: Serialisable<T[K]> } : T;

/** What a handler gets: the process-wide clients, the caller, and its validated input. */
export interface ApiCall<P, Q, B> {
  deps: AppContext;
  caller: ApiCaller;
  params: P;
  query: Q;
  body: B;
}

/**
 * One operation of the public REST API, declared once: the route handler validates with these
 * schemas and the OpenAPI document (openapi.ts) is generated from the same ones, so they cannot drift.
 */
export interface ApiOperation<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  id: string;
  method: HttpMethod;
  /** OpenAPI style, relative to /api/v1: `/dialogs/{dialogId}/messages`. */
  path: string;
  scope: ApiScope;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** 200 unless it creates something (201). */
  status?: 200 | 201;
  handle(call: ApiCall<z.output<P>, z.output<Q>, z.output<B>>): Promise<Serialisable<z.input<R>>>;
}

/** Keeps each operation's schema types tied to its handler. */
export function defineOperation<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<P, Q, B, R>,
): ApiOperation {
  return operation as unknown as ApiOperation;
}

export interface MatchedOperation {
  operation: ApiOperation;
  params: Record<string, string>;
}

function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? `(?<${segment.slice(1, -1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** Finds the operation for a path under /api/v1; `allowed` lists the methods the path has when the method is wrong. */
export function matchOperation(operations: readonly ApiOperation[], method: string, path: string): MatchedOperation | { allowed: HttpMethod[] } | null {
  const allowed: HttpMethod[] = [];
  for (const operation of operations) {
    const match = pathPattern(operation.path).exec(path);
    if (!match) continue;
    if (operation.method === method) {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = safeDecode(value);
      return { operation, params };
    }
    allowed.push(operation.method);
  }
  return allowed.length ? { allowed } : null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
