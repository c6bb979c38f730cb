import type { SessionUser } from '../auth';
import { AppError } from '../../../domain/errors';
import { MAX_UPLOAD_BYTES, isPreviewableImage, normalizedMimeType, tooLargeMessage } from '../../../domain/files';
import { DEFAULT_LOCALE } from '../../../domain/locale';
import { errorMessage } from '../../../domain/error-messages';
import { handleErrors, jsonResponse, staffErrorResponse } from '../channels/widget/http';
import { openStoredFile, uploadDialogFile, type FileDeps } from '../services/files';
import { readBodyBytes } from './body';
import { STORED_FILE_CSP } from './security-headers';

/**
 * HTTP of the files API: `POST /api/files?dialogId=N` (an operator's upload) and
 * `GET /api/files/{id}` (staff by session, anyone by a signed link). Route handlers pass the
 * signed-in user; these functions are the rest, so tests run them without Next.js.
 */

/** Room for multipart boundaries and part headers around a file of the largest allowed size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function signedInStaff(user: SessionUser | null): SessionUser {
  if (!user) throw new AppError('UNAUTHORIZED', errorMessage('files.signInToUpload'));
  if (!user.active) throw new AppError('FORBIDDEN', errorMessage('access.deactivated'));
  return user;
}

/** A row id from a URL: a positive PostgreSQL integer, else 0. */
function idOf(text: string): number {
  const id = /^\d{1,10}$/.test(text) ? Number(text) : 0;
  return id <= 2_147_483_647 ? id : 0;
}

function dialogIdOf(url: URL): number {
  const dialogId = idOf(url.searchParams.get('dialogId') ?? '');
  if (dialogId <= 0) throw new AppError('BAD_REQUEST', 'dialogId: is required in the query string: the id of the dialog the file is for (POST /api/files?dialogId=12)', 'dialogId');
  return dialogId;
}

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', tooLargeMessage(), 'file');

/**
 * The file of an upload: either multipart/form-data with the file in a field named `file`, or the
 * raw bytes as the body with the name in `X-File-Name` (URL-encoded) and the type in `Content-Type`.
 */
export async function readUpload(request: Request): Promise<{ name: string; mimeType: string; data: Uint8Array }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (normalizedMimeType(contentType) === 'multipart/form-data') {
    const body = await readBodyBytes(request, MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES, tooLarge);
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw new AppError('BAD_REQUEST', 'body: is not valid multipart/form-data; send the file in a form field named "file"', 'body');
    });
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new AppError('BAD_REQUEST', 'file: is required: send the file in a form field named "file"', 'file');
    const name = file instanceof File ? file.name : '';
    return { name, mimeType: file.type, data: new Uint8Array(await file.arrayBuffer()) };
  }
  const encodedName = request.headers.get('x-file-name');
  if (!encodedName) throw new AppError('BAD_REQUEST', 'name: is required: send the file name in the X-File-Name header (URL-encoded), or upload as multipart/form-data', 'name');
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    throw new AppError('BAD_REQUEST', 'name: the X-File-Name header must be URL-encoded (encodeURIComponent)', 'name');
  }
  return { name, mimeType: contentType || 'application/octet-stream', data: await readBodyBytes(request, MAX_UPLOAD_BYTES, tooLarge) };
}

/**
 * Runs a staff upload for a signed-in, active user; a refusal comes in the user's language (the
 * inbox and the quick-answer form show it as it comes).
 */
export async function asSignedInStaff(user: SessionUser | null, run: (actor: SessionUser) => Promise<Response>): Promise<Response> {
  try {
    return await run(signedInStaff(user));
  } catch (error) {
    return staffErrorResponse(error, user?.locale ?? DEFAULT_LOCALE);
  }
}

export function handleFileUpload(deps: Pick<FileDeps, 'db' | 'files'>, request: Request, user: SessionUser | null): Promise<Response> {
  return asSignedInStaff(user, async (actor) => {
    const dialogId = dialogIdOf(new URL(request.url));
    const upload = await readUpload(request);
    return jsonResponse(await uploadDialogFile(deps, actor, { dialogId, ...upload }), 201);
  });
}

/** `filename` for old clients (ASCII, no quotes) and `filename*` (RFC 6266/8187) for the real name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A type a browser can read back as one: anything odd in a stored type is sent as plain bytes. */
function headerMimeType(mimeType: string): string {
  const normalized = normalizedMimeType(mimeType);
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(normalized) ? normalized : 'application/octet-stream';
}

export function handleFileDownload(deps: FileDeps, request: Request, fileIdParam: string, user: SessionUser | null): Promise<Response> {
  return handleErrors(async () => {
    const fileId = idOf(fileIdParam);
    if (fileId <= 0) throw new AppError('NOT_FOUND', `fileId: "${fileIdParam}" is not a file id.`, 'fileId');
    const caller = { user: user?.active ? user : null, query: new URL(request.url).searchParams };
    const file = await openStoredFile(deps, caller, fileId);
    // Raster images show in place; everything else (PDF, HTML, SVG…) is a download, never a page of this origin.
    const inline = isPreviewableImage(file.mimeType);
    return new Response(file.stream, {
      headers: {
        'Content-Type': inline ? normalizedMimeType(file.mimeType) : headerMimeType(file.mimeType),
        'Content-Length': String(file.size),
        'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': STORED_FILE_CSP,
        // Files never change; the browser may keep one for a while, shared caches never.
        'Cache-Control': 'private, max-age=300',
      },
    });
  });
}
