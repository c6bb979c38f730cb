import { PermanentSendFailure } from '../connector';
import type { VkSettings } from './settings';

/**
 * VK API method calls (POST {base}/{method}, form-encoded, with the community token and version).
 * VK answers 200 with `{ error: { error_code, error_msg } }` on failure; that becomes a `VkApiError`.
 */
export class VkApiError extends Error {
  constructor(
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'VkApiError';
  }
}

export async function callVk<T>(fetchFn: typeof fetch, settings: VkSettings, method: string, params: Record<string, string | number>, signal?: AbortSignal): Promise<T> {
  const body = new URLSearchParams({ access_token: settings.accessToken, v: settings.apiVersion });
  for (const [name, value] of Object.entries(params)) body.set(name, String(value));
  const response = await fetchFn(`${settings.apiBaseUrl}/${method}`, { method: 'POST', body, signal });
  if (!response.ok) throw new VkApiError(null, `VK API ${method}: HTTP ${response.status}`);
  const answer = (await response.json()) as { response?: T; error?: { error_code?: number; error_msg?: string } };
  if (answer.error) throw new VkApiError(answer.error.error_code ?? null, `VK API ${method}: ${answer.error.error_msg ?? 'error'} (${answer.error.error_code ?? '?'})`);
  if (answer.response === undefined) throw new VkApiError(null, `VK API ${method}: no response in the answer`);
  return answer.response;
}

/** A file to an upload server VK named; it answers with JSON to pass on to the matching save method. */
export async function uploadToVk<T>(fetchFn: typeof fetch, uploadUrl: string, field: string, file: { name: string; mimeType: string; data: Uint8Array }, signal?: AbortSignal): Promise<T> {
  const form = new FormData();
  form.set(field, new Blob([Buffer.from(file.data)], { type: file.mimeType }), file.name);
  const response = await fetchFn(uploadUrl, { method: 'POST', body: form, signal });
  if (!response.ok) throw new VkApiError(null, `VK upload: HTTP ${response.status}`);
  const answer = (await response.json()) as T & { error?: string; error_descr?: string };
  if (answer.error) throw new VkApiError(null, `VK upload: ${answer.error_descr ?? answer.error}`);
  return answer;
}

/**
 * VK's codes for a send a retry will not fix: the user does not allow the community's messages (901),
 * privacy settings (902), the user blocked the community (900), a bad token or missing right
 * (5, 7, 15, 27), bad parameters (100, 113), a too long message (914). Rate limits (6, 9, 29) and
 * server errors (1, 10) are retried.
 */
const PERMANENT_CODES = new Set([5, 7, 15, 27, 100, 113, 900, 901, 902, 914, 917, 945]);

export function toVkSendFailure(error: unknown): unknown {
  if (error instanceof VkApiError && error.code !== null && PERMANENT_CODES.has(error.code)) return new PermanentSendFailure(error.message);
  return error;
}
