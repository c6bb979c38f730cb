import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { FileStorageSettings } from '../domain/config';
import type { FileStore } from './file-store';
import { checkedStorageKey } from './storage-keys';

type S3Settings = Extract<FileStorageSettings, { kind: 's3' }>;

/**
 * Files in a bucket of any S3-compatible server (AWS S3, MinIO, Ceph, R2…). A PUT is atomic on
 * S3: a reader sees the previous object or the whole new one. Objects are named by their storage
 * key only.
 */
export class S3FileStore implements FileStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.description = `s3 bucket ${settings.bucket}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  async write(key: string, data: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkedStorageKey(key), Body: data, ContentLength: data.byteLength }));
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const object = await this.get(key);
    return object && (await object.body.transformToByteArray());
  }

  async open(key: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
    const object = await this.get(key);
    return object && { size: object.size, stream: object.body.transformToWebStream() as ReadableStream<Uint8Array> };
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkedStorageKey(key) }));
  }

  private async get(key: string) {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkedStorageKey(key) }));
      if (!answer.Body) return undefined;
      return { size: answer.ContentLength ?? 0, body: answer.Body };
    } catch (error) {
      // Only a missing object is "not stored"; a missing bucket or a refusal is an error to see.
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey')) return undefined;
      throw error;
    }
  }
}
