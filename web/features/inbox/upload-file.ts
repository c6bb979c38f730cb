import type { UploadedFile } from '../../server/services/files';

/**
 * Sends one file to POST /api/files as the raw body (the browser streams it; no form encoding) and
 * answers what a reply's `fileIds` names. The server's message names the field and the limit.
 */
export async function uploadDialogFile(dialogId: number, file: File, signal?: AbortSignal): Promise<UploadedFile> {
  let response: Response;
  try {
    response = await fetch(`/api/files?dialogId=${dialogId}`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      signal,
    });
  } catch {
    throw new Error('The server could not be reached. Check your connection and attach the file again.');
  }
  const body = (await response.json().catch(() => null)) as (UploadedFile & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The upload failed (HTTP ${response.status}); attach the file again.`);
  return body;
}
