import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { FileStore } from './file-store';
import { checkedStorageKey } from './storage-keys';

/**
 * Files on local disk under one directory (DATA_DIR/files by default). A file is written to a
 * temporary name beside its final one, flushed, and renamed into place, so a crash or a concurrent
 * reader never sees half a file.
 */
export class DiskFileStore implements FileStore {
  readonly root: string;
  readonly description: string;

  constructor(directory: string) {
    this.root = resolve(directory);
    this.description = `disk ${this.root}`;
  }

  /** The key's path, which must stay inside the root (the key's shape already makes that so; this is the second lock). */
  pathOf(key: string): string {
    const path = resolve(this.root, ...checkedStorageKey(key).split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key ${key} leads outside ${this.root}`);
    return path;
  }

  async write(key: string, data: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${randomBytes(8).toString('hex')}.partial`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return readFile(this.pathOf(key)).catch(missingAsUndefined);
  }

  async open(key: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(missingAsUndefined);
    if (!info) return undefined;
    return { size: info.size, stream: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

function missingAsUndefined(error: unknown): undefined {
  if ((error as { code?: string }).code === 'ENOENT') return undefined;
  throw error;
}
