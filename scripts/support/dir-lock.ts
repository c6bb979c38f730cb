import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { logStep } from './log';

/**
 * Runs `action` while holding a lock directory, so two processes (say `npm start` and `npm test`
 * on a fresh machine) don't build the same binary into the same place at once. mkdir is atomic;
 * the holder's pid inside lets a later caller break a lock left behind by a killed process.
 */
export async function withDirLock<T>(lockDir: string, action: () => Promise<T>): Promise<T> {
  let announcedWait = false;
  await mkdir(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holderIsGone(lockDir)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announcedWait) {
        logStep('lock', `waiting for another process holding ${lockDir}`);
        announcedWait = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    await writeFile(join(lockDir, 'pid'), String(process.pid));
    return await action();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function holderIsGone(lockDir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // The holder may be between mkdir and writing its pid; treat as alive for now.
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
