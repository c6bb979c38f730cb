import { PermanentSendFailure } from '../connector';
import type { WhatsappSettings } from './settings';

/**
 * Calls to Meta's Graph API for one WhatsApp channel. Every call carries the channel's token; an
 * error answer (`{ error: { code, message } }`) becomes a `GraphApiError`, and `toSendFailure`
 * decides whether a send may be retried.
 */
export class GraphApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

interface GraphErrorBody {
  error?: { message?: string; code?: number; error_data?: { details?: string } };
}

export async function callGraph<T>(
  fetchFn: typeof fetch,
  settings: WhatsappSettings,
  path: string,
  init: { method?: 'GET' | 'POST'; json?: unknown; form?: FormData; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${settings.accessToken}` };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    body = init.form;
  }
  const response = await fetchFn(`${settings.apiBaseUrl}/${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, signal: init.signal });
  const text = await response.text();
  const parsed = parseJson(text) as (T & GraphErrorBody) | undefined;
  if (!response.ok || parsed?.error) {
    const error = parsed?.error;
    const detail = error?.error_data?.details ? ` (${error.error_data.details})` : '';
    throw new GraphApiError(response.status, error?.code ?? null, `WhatsApp API ${response.status}: ${error?.message ?? (text.slice(0, 200) || 'no answer body')}${detail}`);
  }
  if (parsed === undefined) throw new GraphApiError(response.status, null, `WhatsApp API ${response.status}: the answer is not JSON`);
  return parsed;
}

/** Bytes behind a media URL (the lookaside URLs need the same token). */
export async function downloadMedia(fetchFn: typeof fetch, settings: WhatsappSettings, url: string, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetchFn(url, { headers: { authorization: `Bearer ${settings.accessToken}` }, signal });
  if (!response.ok) throw new GraphApiError(response.status, null, `WhatsApp media download ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Meta's codes for a send that a retry will not fix: the 24-hour window (131047), a message type the
 * client's app cannot take (131051), an undeliverable or unknown recipient (131026, 131030, 131021),
 * a bad or expired token or permission (190, 10, 200), invalid parameters (100, 131008, 131009),
 * template problems (132000–132016), a blocked business (131031). Rate limits (4, 80007, 130429,
 * 131048, 131056) and server errors are retried.
 */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

export function toSendFailure(error: unknown): unknown {
  if (!(error instanceof GraphApiError)) return error;
  if (error.httpStatus === 429 || error.httpStatus >= 500) return error;
  if (error.code !== null && RETRYABLE_CODES.has(error.code)) return error;
  if (error.code === 131047) return new PermanentSendFailure(`outside WhatsApp's 24-hour reply window (131047): send the approved template to ask the client to write again`);
  return new PermanentSendFailure(error.message);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
