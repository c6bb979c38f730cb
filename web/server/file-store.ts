import { configuredFileStore, type FileStore } from '../../storage/file-store';
import { config } from './config';

/** The web server's file store, as the configuration names it (S3_BUCKET, else DATA_DIR/files). */
export function getFileStore(): FileStore {
  store ??= configuredFileStore(config);
  return store;
}

let store: FileStore | undefined;
