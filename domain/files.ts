import { englishErrorText } from './error-messages';

/**
 * Files operators send with replies and clients send through channels: what may be uploaded, how
 * a file is addressed, and which files a browser may show in place. Pure rules shared by the
 * upload endpoint, the download endpoint, the inbox and the widget.
 */

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** As many files as one message's extras hold (messageExtrasSchema). */
export const MAX_FILES_PER_MESSAGE = 10;
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * Active content is refused, everything else is allowed (a deny-list, not an allow-list: clients
 * and operators exchange office documents, archives and logs of every kind). These are what a
 * browser or the operator's desktop would run rather than show: web pages and SVG (scripts inside),
 * scripts, and executables. Judged by both the declared type and the name's extension, since
 * either can be what makes a browser or a desktop run it.
 */
const activeMimeTypes = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/hta',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/x-sh',
  'application/x-bat',
  'application/java-archive',
  'application/x-shockwave-flash',
]);

const activeExtensions = new Set([
  'htm', 'html', 'xhtml', 'xht', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xml', 'xsl', 'xslt',
  'js', 'mjs', 'cjs', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'hta', 'sh',
  'exe', 'msi', 'bat', 'cmd', 'com', 'scr', 'pif', 'cpl', 'dll', 'jar', 'lnk', 'swf',
]);

/** Raster images a browser shows without running anything: shown in place (thumbnails, inline). */
const previewableImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export function isPreviewableImage(mimeType: string | undefined): boolean {
  return mimeType !== undefined && previewableImageTypes.has(normalizedMimeType(mimeType));
}

/** "Image/PNG; charset=x" → "image/png". */
export function normalizedMimeType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isActiveContent(file: { name: string; mimeType: string }): boolean {
  return activeMimeTypes.has(normalizedMimeType(file.mimeType)) || activeExtensions.has(extensionOf(file.name));
}

/**
 * A name safe to store and to offer for download: no folders, no control characters, no leading
 * dots, at most MAX_FILE_NAME_LENGTH characters (keeping the extension); "file" when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^[.\s]+/, '').trim();
  if (cleaned.length <= MAX_FILE_NAME_LENGTH) return cleaned || 'file';
  const extension = extensionOf(cleaned);
  const keep = extension.length > 0 && extension.length < 16 ? `.${extension}` : '';
  return cleaned.slice(0, MAX_FILE_NAME_LENGTH - keep.length) + keep;
}

/** Why this upload is refused, naming the field and the fix; null when it may be stored. */
export function uploadRefusal(file: { name: string; mimeType: string; size: number }): string | null {
  const reason = uploadRefusalReason(file);
  if (reason === 'empty') return englishErrorText('files.empty');
  if (reason === 'too_large') return tooLargeMessage(file.size);
  if (reason === 'active_content') return englishErrorText('files.activeContent', { name: file.name, type: normalizedMimeType(file.mimeType) || '?' });
  return null;
}

export type UploadRefusalReason = 'empty' | 'too_large' | 'active_content';

/** Why an upload is refused (the same rule as uploadRefusal), for a UI that words it in its own language. */
export function uploadRefusalReason(file: { name: string; mimeType: string; size: number }): UploadRefusalReason | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'too_large';
  if (isActiveContent(file)) return 'active_content';
  return null;
}

/** `size` unknown: the body was refused while it streamed in. */
export function tooLargeMessage(size?: number): string {
  const limit = { max: formatFileSize(MAX_UPLOAD_BYTES), maxBytes: String(MAX_UPLOAD_BYTES) };
  return size === undefined ? englishErrorText('files.tooLargeStreamed', limit) : englishErrorText('files.tooLarge', { ...limit, size: formatFileSize(size) });
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Where staff open a stored file with their session; a signed link adds `expires` and `signature`. */
export function filePath(fileId: number): string {
  return `/api/files/${fileId}`;
}
