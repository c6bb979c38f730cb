import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The secret that signs sessions and widget tokens must survive restarts, or every operator is
 * logged out. Without OPENLINES_SECRET, one is generated on the first run and kept in DATA_DIR.
 */
export async function readOrCreateSecret(dataDir: string): Promise<{ secret: string; created: boolean }> {
  const secretFile = join(dataDir, 'secret');
  try {
    const secret = (await readFile(secretFile, 'utf8')).trim();
    if (secret.length < 32) throw new Error(`${secretFile} holds fewer than 32 characters; delete it to generate a new secret`);
    return { secret, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const secret = randomBytes(32).toString('hex');
    // 'wx': never overwrite a secret another process wrote in the meantime.
    await writeFile(secretFile, secret + '\n', { mode: 0o600, flag: 'wx' });
    return { secret, created: true };
  }
}
