import { fileStorageSettings, parseConfig, type AppConfig, type FileStorageSettings } from '../domain/config';
import { DiskFileStore } from './disk-store';
import { S3FileStore } from './s3-store';

/**
 * Where the bytes of stored files live; PostgreSQL keeps each file's description and its storage
 * key (db/queries/files.ts), made by storage-keys.ts.
 */
export interface FileStore {
  /** "disk /srv/openlines/files" or "s3 bucket openlines-files": for logs and errors. */
  readonly description: string;
  /** Stores the bytes under the key, all or nothing: a reader sees the whole file or none. */
  write(key: string, data: Uint8Array): Promise<void>;
  /** The whole file; undefined when nothing is stored under the key. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** The file as a stream with its size (for downloads), undefined when nothing is stored under the key. */
  open(key: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined>;
  /** Removes the bytes; removing what is not there is no error. */
  remove(key: string): Promise<void>;
}

export function createFileStore(settings: FileStorageSettings): FileStore {
  return settings.kind === 'disk' ? new DiskFileStore(settings.directory) : new S3FileStore(settings);
}

let processStore: { settings: string; store: FileStore } | undefined;

/**
 * The store the configuration names (S3_BUCKET set: S3, otherwise DATA_DIR/files), one per process.
 * Web server and worker must see the same one: the same S3 settings, or the same DATA_DIR on a
 * shared disk.
 */
export function configuredFileStore(config: AppConfig = parseConfig(process.env)): FileStore {
  const settings = fileStorageSettings(config);
  const fingerprint = JSON.stringify(settings);
  if (processStore?.settings !== fingerprint) processStore = { settings: fingerprint, store: createFileStore(settings) };
  return processStore.store;
}
