import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type LockFile = { packages?: Record<string, unknown> };

/**
 * What keeps `npm ci` from installing this package.json with this lock file, on any machine:
 * - `npm ci --dry-run` refuses a lock that lacks what package.json asks for, including another
 *   platform's optional package (the refusal users see as "Missing: @esbuild/darwin-arm64");
 * - `npm install --package-lock-only` must leave the lock as it is, which also catches what npm ci
 *   lets through: a dependency dropped from package.json but still locked, or one added that only
 *   happened to be locked already as someone else's dependency.
 * Both run in a scratch copy, offline, with an empty private npm cache: nothing leaves the machine
 * and nothing cached from earlier installs can make a stale lock look complete. Anything npm would
 * have to fetch to finish is by itself proof that the lock does not cover package.json.
 * Returns the problems, empty when the lock is in sync.
 */
export async function lockFileProblems(files: { packageJson: string; lockFile: string }): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'openlines-lock-'));
  try {
    await writeFile(join(scratch, 'package.json'), files.packageJson);
    await writeFile(join(scratch, 'package-lock.json'), files.lockFile);
    const flags = ['--offline', '--ignore-scripts', '--no-audit', '--no-fund'];

    const dryRun = await npm(scratch, ['ci', '--dry-run', ...flags]);
    if (!dryRun.ok) return [`npm ci refuses the lock file:\n${npmErrors(dryRun.output)}`];

    const relock = await npm(scratch, ['install', '--package-lock-only', ...flags]);
    if (!relock.ok) return [`npm install --package-lock-only fails:\n${npmErrors(relock.output)}`];
    const relocked = await readFile(join(scratch, 'package-lock.json'), 'utf8');
    if (relocked === files.lockFile) return [];
    return [`npm install --package-lock-only changes the lock file:\n${lockDifferences(files.lockFile, relocked)}`];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function npm(cwd: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  // `npm test` runs us with npm_config_* set for the repository (its prefix, its cache): left in
  // place they would point the child npm back at the real project instead of the scratch copy.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.toLowerCase().startsWith('npm_')) delete env[name];
  env.npm_config_cache = join(cwd, '.npm-cache');
  env.npm_config_update_notifier = 'false';
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}\n${stderr}` });
    });
  });
}

/** npm's own explanation, without its usage text and log-file pointers. */
function npmErrors(output: string): string {
  const reasons = output
    .split('\n')
    .filter((line) => line.startsWith('npm error '))
    .map((line) => line.slice('npm error '.length).trim())
    .filter((line) => /^(Missing|Invalid):|request to .* failed/.test(line))
    .map((line) => {
      // Offline, npm names what it would have to fetch; the user needs to know why it would.
      const fetched = /request to \S+?\/((?:@[^/\s]+(?:\/|%2f))?[^/\s]+) failed/i.exec(line)?.[1];
      return fetched
        ? `package.json needs ${decodeURIComponent(fetched)}, which package-lock.json does not lock (npm would have to look it up in the registry)`
        : line;
    });
  return reasons.length > 0 ? reasons.map((line) => `  ${line}`).join('\n') : output.trim();
}

/** Which lock entries would be added, removed or changed, by their path in the lock. */
function lockDifferences(before: string, after: string): string {
  const oldPackages = (JSON.parse(before) as LockFile).packages ?? {};
  const newPackages = (JSON.parse(after) as LockFile).packages ?? {};
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(oldPackages), ...Object.keys(newPackages)])) {
    const name = key === '' ? '(the project itself)' : key;
    if (!(key in newPackages)) lines.push(`  removed ${name}`);
    else if (!(key in oldPackages)) lines.push(`  added ${name}`);
    else if (JSON.stringify(oldPackages[key]) !== JSON.stringify(newPackages[key])) lines.push(`  changed ${name}`);
  }
  return lines.length > 0 ? lines.join('\n') : '  (formatting only)';
}
