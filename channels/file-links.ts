import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { filePath } from '../domain/files';

/**
 * Links to stored files that a channel fetches by URL (WhatsApp media, a connector's webhook):
 * `/api/files/{id}?expires=…&signature=…`, an HMAC with a key derived from OPENLINES_SECRET for
 * this purpose, valid for a limited time. Operators open files with their session instead.
 */
const KEY_PURPOSE = 'openlines/file-links/v1';
export const FILE_LINK_TTL_SECONDS = 24 * 60 * 60;

function signature(appSecret: string, fileId: number, expires: number): string {
  const key = Buffer.from(hkdfSync('sha256', appSecret, 'openlines', KEY_PURPOSE, 32));
  return createHmac('sha256', key).update(`${fileId}.${expires}`).digest('base64url');
}

export function signedFileUrl(publicUrl: string, appSecret: string, fileId: number, now = new Date()): string {
  return new URL(signedFilePath(appSecret, fileId, now), publicUrl).toString();
}

/** The same link without the origin, for pages served by this server (the hosted widget). */
export function signedFilePath(appSecret: string, fileId: number, now = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + FILE_LINK_TTL_SECONDS;
  const query = new URLSearchParams({ expires: String(expires), signature: signature(appSecret, fileId, expires) });
  return `${filePath(fileId)}?${query.toString()}`;
}

/** True when the link was signed by this server for this file and has not expired. */
export function verifyFileLink(appSecret: string, fileId: number, params: URLSearchParams, now = new Date()): boolean {
  const expires = Number(params.get('expires'));
  const given = params.get('signature') ?? '';
  if (!Number.isInteger(expires) || expires < now.getTime() / 1000) return false;
  const expected = Buffer.from(signature(appSecret, fileId, expires));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
