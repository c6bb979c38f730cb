import { randomUUID } from 'node:crypto';

/**
 * Storage keys: made here, never from a file's name or anything a user sends; every store refuses
 * a key of any other shape, so no path or object name can be steered (path traversal included).
 *
 * "3f/3f2c…-…": a random UUID under a folder of its first two hex digits (at most 256 per level).
 */
const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

export class InvalidStorageKey extends Error {
  constructor(key: string) {
    super(`storage key ${JSON.stringify(key.slice(0, 80))} is not one this server made (expected "ab/<uuid>")`);
    this.name = 'InvalidStorageKey';
  }
}

/** Throws unless the key has the shape newStorageKey makes. */
export function checkedStorageKey(key: string): string {
  if (!STORAGE_KEY.test(key)) throw new InvalidStorageKey(key);
  return key;
}
