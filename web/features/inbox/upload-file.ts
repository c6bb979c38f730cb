import type { UploadedFile } from '../../server/services/files';

/** What the user reads when an upload fails before the server could say why. */
export interface UploadTexts {
  unreachable: string;
  failed: (status: number) => string;
}

/**
 * Sends one file to a staff upload endpoint (`/api/files?dialogId=N` for a reply,
 * `/api/quick-answers/files` for a quick answer) as the raw body (the browser streams it; no form
 * encoding). A refusal is the server's message, in the user's language, naming the field and the limit.
 */
export async function uploadStaffFile(url: string, file: File, texts: UploadTexts, signal?: AbortSignal): Promise<UploadedFile> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      signal,
    });
  } catch {
    throw new Error(texts.unreachable);
  }
  const body = (await response.json().catch(() => null)) as (UploadedFile & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? texts.failed(response.status));
  return body;
}
