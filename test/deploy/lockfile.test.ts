import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lockFileProblems } from '../support/lock-file-check';

/**
 * `npm ci` is the first step of the README's `npm ci && npm start` and of CI, with no fallback: a
 * lock file out of sync with package.json (or made on one platform only) must fail here, with the
 * fix, before it fails on a user's machine.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const packageJson = readFileSync(join(repoRoot, 'package.json'), 'utf8');
const lockFile = readFileSync(join(repoRoot, 'package-lock.json'), 'utf8');
const FIX = 'run `npm install --package-lock-only` and commit package-lock.json';

type Manifest = { dependencies: Record<string, string> };
type Lock = { packages: Record<string, { optional?: boolean; os?: string[] }> };

function editJson<T>(text: string, edit: (value: T) => void): string {
  const value = JSON.parse(text) as T;
  edit(value);
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe('package-lock.json', () => {
  test('npm ci accepts it and npm install would not change it', async () => {
    const problems = await lockFileProblems({ packageJson, lockFile });
    expect(problems, `${problems.join('\n')}\nTo fix: ${FIX}`).toEqual([]);
  });

  test('a lock missing another platform’s optional package is refused, as npm ci on that platform would', async () => {
    const lock = JSON.parse(lockFile) as Lock;
    const otherPlatform = Object.keys(lock.packages).find((key) => lock.packages[key]?.os?.includes('darwin'));
    if (!otherPlatform) throw new Error('the lock file has no macOS-only package to remove');
    const broken = editJson<Lock>(lockFile, (value) => {
      delete value.packages[otherPlatform];
    });

    const problems = await lockFileProblems({ packageJson, lockFile: broken });
    expect(problems.join('\n')).toContain(`Missing: ${otherPlatform.replace(/^node_modules\//, '')}`);
  });

  test('a dependency added to package.json but not locked is refused', async () => {
    const withNewDependency = editJson<Manifest>(packageJson, (manifest) => {
      manifest.dependencies['left-pad'] = '^1.3.0';
    });

    const problems = await lockFileProblems({ packageJson: withNewDependency, lockFile });
    expect(problems.join('\n')).toMatch(/npm ci refuses the lock file:[\s\S]*left-pad/);
  });

  test('a dependency npm ci would let through (already locked for another package) is caught by relocking', async () => {
    const lock = JSON.parse(lockFile) as Lock;
    const manifest = JSON.parse(packageJson) as Manifest;
    const transitive = Object.keys(lock.packages)
      .map((key) => key.replace(/^node_modules\//, ''))
      .find((name) => name !== '' && !name.includes('node_modules/') && !(name in manifest.dependencies) && !lock.packages[`node_modules/${name}`]?.optional);
    if (!transitive) throw new Error('the lock file has no transitive dependency to promote');
    const promoted = editJson<Manifest>(packageJson, (value) => {
      value.dependencies[transitive] = '*';
    });

    const problems = await lockFileProblems({ packageJson: promoted, lockFile });
    expect(problems).toEqual([expect.stringContaining('changed (the project itself)')]);
  });

  test('a dependency removed from package.json but still locked is caught by relocking', async () => {
    const withoutRe2js = editJson<Manifest>(packageJson, (manifest) => {
      delete manifest.dependencies.re2js;
    });

    const problems = await lockFileProblems({ packageJson: withoutRe2js, lockFile });
    expect(problems).toEqual([expect.stringMatching(/changes the lock file:[\s\S]*removed node_modules\/re2js/)]);
  });
});
