import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no types; only its constructor, run and close are used.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- see above
// @ts-ignore
import S3rver from 's3rver';
import type { FileStorageSettings } from '../../domain/config';

/**
 * A real S3-compatible server (s3rver: an S3 API implementation on the local disk, not AWS) on a
 * free loopback port with one bucket, for tests of the S3 file store. Its credentials are its
 * fixed S3RVER/S3RVER pair.
 */
export async function startS3rver(bucket = 'openlines-files'): Promise<{ endpoint: string; settings: Extract<FileStorageSettings, { kind: 's3' }>; stop(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'openlines-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    settings: { kind: 's3', bucket, endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
