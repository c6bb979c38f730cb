import { createHash } from 'node:crypto';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ManagedChild } from './child-process';
import { runInheritingOutput } from './run-inheriting-output';

/** Everything `next build web` compiles or depends on; a change in any of it needs a new build. */
const BUILD_INPUTS = ['web', 'domain', 'db', 'workflows', 'activities', 'outbound', 'engine', 'channels', 'storage', 'worker', 'package-lock.json', 'tsconfig.json'];
const IGNORED_NAMES = new Set(['.next', 'node_modules', '.turbo']);

/**
 * Builds the Next.js app only when its inputs changed since the last successful build: a production
 * build takes minutes on a small machine, and a restart with unchanged sources should not pay that.
 */
export async function buildWebIfChanged(options: {
  repoRoot: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  onStart?: (build: ManagedChild) => () => void;
}): Promise<'built' | 'unchanged'> {
  const hashFile = join(options.dataDir, 'web-build.hash');
  const hash = await hashBuildInputs(options.repoRoot);
  const previous = await readFile(hashFile, 'utf8').catch(() => '');
  const buildExists = await access(join(options.repoRoot, 'web', '.next', 'BUILD_ID')).then(
    () => true,
    () => false,
  );
  if (buildExists && previous.trim() === hash) return 'unchanged';
  await runInheritingOutput('[build]', join(options.repoRoot, 'node_modules', '.bin', 'next'), ['build', 'web'], {
    cwd: options.repoRoot,
    env: options.env,
    onStart: options.onStart,
  });
  await writeFile(hashFile, hash + '\n');
  return 'built';
}

export async function hashBuildInputs(repoRoot: string): Promise<string> {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of await listFiles(join(repoRoot, input))) {
      hash.update(relative(repoRoot, file)).update('\0');
      hash.update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/** All files under `path` (or `path` itself), sorted so the hash does not depend on directory order. */
async function listFiles(path: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return [path];
    if (code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (IGNORED_NAMES.has(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}
