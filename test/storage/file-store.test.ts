import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, fileStorageSettings, parseConfig } from '../../domain/config';
import { DiskFileStore } from '../../storage/disk-store';
import { configuredFileStore, createFileStore, type FileStore } from '../../storage/file-store';
import { InvalidStorageKey, newStorageKey } from '../../storage/storage-keys';
import { startS3rver } from '../support/s3rver';

/**
 * The two file stores behave the same: bytes in, the same bytes out (whole or streamed), nothing
 * for a key never written or removed, and no key but one the server made. The S3 store talks to
 * s3rver, a real S3-compatible server implementation running here (not AWS).
 */
let scratch: string;
let s3: Awaited<ReturnType<typeof startS3rver>>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'openlines-file-store-'));
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function streamed(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const stores: [string, () => FileStore][] = [
  ['disk', () => new DiskFileStore(join(scratch, 'files'))],
  ['s3', () => createFileStore(s3.settings)],
];

describe.each(stores)('the %s file store', (_kind, makeStore) => {
  it('gives back exactly the bytes it was given, whole or as a stream with their size', async () => {
    const store = makeStore();
    const key = newStorageKey();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    await store.write(key, data);
    // Buffer.equals: a deep comparison of 3 MB element by element takes half a minute.
    expect(Buffer.from((await store.read(key))!).equals(data)).toBe(true);
    const opened = await store.open(key);
    expect(opened?.size).toBe(data.byteLength);
    expect((await streamed(opened!.stream)).equals(data)).toBe(true);
  });

  it('has nothing under a key never written, and nothing once removed (removing twice is fine)', async () => {
    const store = makeStore();
    const key = newStorageKey();
    expect(await store.read(key)).toBeUndefined();
    expect(await store.open(key)).toBeUndefined();
    await store.write(key, new TextEncoder().encode('%PDF-1.7 contract'));
    await store.remove(key);
    expect(await store.read(key)).toBeUndefined();
    expect(await store.open(key)).toBeUndefined();
    await expect(store.remove(key)).resolves.toBeUndefined();
  });

  it('refuses any key it did not make, so no name can reach another path or object', async () => {
    const store = makeStore();
    const forged = ['../../etc/passwd', '../secret', 'ab/../../outside', '/etc/passwd', 'ab/invoice.pdf', `${newStorageKey()}/../x`, 'AB/' + crypto.randomUUID(), ''];
    for (const key of forged) {
      await expect(store.write(key, new Uint8Array([1])), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(store.read(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(store.remove(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
    }
  });
});

describe('the disk store', () => {
  it('keeps files under DATA_DIR/files, named by their key only, readable by the server alone', async () => {
    const dataDir = join(scratch, 'data-dir');
    const store = configuredFileStore(parseConfig({ DATA_DIR: dataDir }));
    expect(store.description).toBe(`disk ${join(dataDir, 'files')}`);
    const key = newStorageKey();
    await store.write(key, new TextEncoder().encode('hello'));
    const path = join(dataDir, 'files', ...key.split('/'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dataDir, 'files', key.slice(0, 2)))).toEqual([key.slice(3)]);
  });

  it('writes whole files or nothing: a write that fails leaves no partial file behind', async () => {
    const root = join(scratch, 'atomic');
    const store = new DiskFileStore(root);
    const key = newStorageKey();
    // Something already sits where the file must go (a folder), so the final rename fails.
    await mkdir(join(root, ...key.split('/'), 'in-the-way'), { recursive: true });
    await expect(store.write(key, randomBytes(1024))).rejects.toThrow();
    expect(await readdir(join(root, key.slice(0, 2)))).toEqual([key.slice(3)]);
    // And a successful write leaves only the file, no temporary beside it.
    const other = newStorageKey();
    await store.write(other, randomBytes(1024));
    expect(await readdir(join(root, other.slice(0, 2)))).toContain(other.slice(3));
    expect((await readdir(join(root, other.slice(0, 2)))).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('the S3 store', () => {
  it('reports a misconfiguration (a bucket that does not exist) instead of treating the file as missing', async () => {
    const store = createFileStore({ ...s3.settings, bucket: 'no-such-bucket' });
    await expect(store.write(newStorageKey(), new Uint8Array([1, 2, 3]))).rejects.toThrow();
    await expect(store.read(newStorageKey())).rejects.toThrow();
  });
});

describe('file storage settings', () => {
  function problems(env: Record<string, string>) {
    try {
      parseConfig(env);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems;
    }
  }

  it('keeps files on disk under DATA_DIR unless S3_BUCKET is set', () => {
    expect(fileStorageSettings(parseConfig({}))).toEqual({ kind: 'disk', directory: '.data/files' });
    expect(fileStorageSettings(parseConfig({ DATA_DIR: '/srv/openlines/' }))).toEqual({ kind: 'disk', directory: '/srv/openlines/files' });
    expect(
      fileStorageSettings(parseConfig({ S3_BUCKET: 'openlines-files', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' })),
    ).toEqual({ kind: 's3', bucket: 'openlines-files', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } });
  });

  it('names the variable and the fix when S3 settings are wrong or incomplete', () => {
    expect(problems({ S3_ENDPOINT: 'http://minio:9000' })).toEqual([{ variable: 'S3_BUCKET', message: expect.stringContaining('must be set when S3_ENDPOINT is set') }]);
    expect(problems({ S3_BUCKET: 'Invoices_2026' })).toEqual([{ variable: 'S3_BUCKET', message: expect.stringContaining('must be a bucket name') }]);
    expect(problems({ S3_BUCKET: 'files', S3_ENDPOINT: 'minio:9000' })).toEqual([{ variable: 'S3_ENDPOINT', message: expect.stringContaining('absolute http(s) URL') }]);
    expect(problems({ S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'yes' })).toEqual([{ variable: 'S3_FORCE_PATH_STYLE', message: 'must be true or false' }]);
    expect(problems({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'id' })).toEqual([{ variable: 'S3_SECRET_ACCESS_KEY', message: 'must be set together with S3_ACCESS_KEY_ID' }]);
  });
});
