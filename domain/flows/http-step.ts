import { BUILTIN_VARIABLES } from './builtin-variables';
import type { FlowNodeOf } from './document';
import { readJsonPath } from './json-path';
import type { FlowEffect, FlowEffectResult } from './runtime';
import { renderTemplate, type TemplateScope } from './templates';

/**
 * The HTTP request node (SPEC §6). Its outcome lands in variables the flow can read after either
 * branch: `http_status` (the status code, when the server answered) and `http_error` (why the
 * `failure` branch was taken).
 */
const { httpStatus, httpError } = BUILTIN_VARIABLES;

type HttpNode = FlowNodeOf<'http_request'>;

/** The request to make, or null (with `http_error` set) when it cannot be made: take `failure`. */
export function prepareHttpRequest(node: HttpNode, scope: TemplateScope, variables: Record<string, string>): Extract<FlowEffect, { kind: 'http_request' }> | null {
  delete variables[httpStatus];
  delete variables[httpError];
  const url = renderUrlTemplate(node.url, scope);
  // Values pasted into a JSON body are escaped, so a name with a quote keeps the JSON valid.
  const body = renderTemplate(node.body, scope, isJsonLike(node.body) ? escapeJsonString : undefined);
  const headers = node.headers.map((header) => ({ name: header.name, value: renderTemplate(header.value, scope) }));
  const missing = [url, ...headers.map((header) => header.value), body].flatMap((result) => (result.ok ? [] : result.missing));
  if (!url.ok || !body.ok || missing.length > 0) {
    variables[httpError] = `not set: ${[...new Set(missing)].join(', ')}`;
    return null;
  }
  const target = url.text.trim();
  if (!/^https?:\/\/[^\s/?#]+/i.test(target)) {
    variables[httpError] = `"${target}" is not an http(s) URL`;
    return null;
  }
  return {
    kind: 'http_request',
    method: node.method,
    url: target,
    headers: Object.fromEntries(headers.map((header) => [header.name, header.value.ok ? header.value.text : ''])),
    body: body.text,
    timeoutSeconds: node.timeoutSeconds,
    idempotent: node.idempotent,
  };
}

/**
 * Whether a failed request may be retried: reads always; POST, PUT, PATCH and DELETE only when
 * the node says so, as a retry after a lost answer could create, charge or delete twice.
 */
export function mayRepeatHttpRequest(effect: Pick<Extract<FlowEffect, { kind: 'http_request' }>, 'method' | 'idempotent'>): boolean {
  const method = effect.method.toUpperCase();
  return method === 'GET' || method === 'HEAD' || effect.idempotent === true;
}

/** Copies the response fields into variables; whether the request succeeded (a 2xx answer). */
export function recordHttpResponse(node: HttpNode, result: FlowEffectResult, variables: Record<string, string>): boolean {
  if (result.kind !== 'http_response') {
    variables[httpError] = 'the request was not made';
    return false;
  }
  if (!result.ok) {
    variables[httpError] = result.error;
    return false;
  }
  variables[httpStatus] = String(result.status);
  if (result.status < 200 || result.status > 299) {
    variables[httpError] = `the server answered ${result.status}`;
    return false;
  }
  for (const field of node.responseFields) {
    const value = readJsonPath(result.body, field.path);
    if (value !== undefined) variables[field.variable] = value;
  }
  return true;
}

/**
 * Values land in the URL's path and query percent-encoded: a client's answer "1/../../admin?x=" stays
 * one path segment or one query value, and cannot steer the request elsewhere on the host. The
 * scheme and host part the admin wrote (which may come from a variable, "{{crm_base}}/leads") is
 * left as it is.
 */
export function renderUrlTemplate(template: string, scope: TemplateScope) {
  const authorityEnd = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?[^/?#]*/.exec(template)?.[0].length ?? 0;
  return renderTemplate(template, scope, (value, offset) => (offset < authorityEnd ? value : encodeURIComponent(value)));
}

function isJsonLike(template: string): boolean {
  return /^\s*[[{]/.test(template);
}

function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
