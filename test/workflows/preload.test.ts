import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ratingValueSchema, isRatingValue } from '../../domain/dialog';
import { lineSettingsSchema, withCurrentDefaults } from '../../domain/line-settings';

/**
 * The worker evaluates zod and the domain modules once and shares them between its workflows
 * (workflows/preload.ts). A domain module the workflows import but the preload list misses is
 * evaluated again for every new dialog — correct, but it brings back the cost the list removes.
 */
const repoRoot = join(import.meta.dirname, '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/** Value imports (not `import type`) of domain/ modules, as paths from the repository root. */
function domainImportsOf(file: string, source: string): string[] {
  const imports = [...source.matchAll(/^import (?!type\b)[^;]*?from '(\.[^']*)'/gms)].map((m) => m[1] ?? '');
  return imports.map((spec) => relative(repoRoot, resolve(dirname(file), spec))).filter((path) => path.startsWith('domain/'));
}

describe('modules shared by every dialog workflow of a worker', () => {
  test('the preload list is exactly the domain modules the workflows import', async () => {
    const preloadFile = join(repoRoot, 'workflows', 'preload.ts');
    const imported = new Set<string>();
    for (const file of await sourceFiles('workflows')) {
      if (file === preloadFile) continue;
      for (const path of domainImportsOf(file, await readFile(file, 'utf8'))) imported.add(path);
    }
    const preloaded = [...(await readFile(preloadFile, 'utf8')).matchAll(/^import '(\.[^']*)';/gm)].map((m) => relative(repoRoot, resolve(dirname(preloadFile), m[1] ?? '')));
    expect(preloaded.sort()).toEqual([...imported].sort());
  });
});

describe('domain rules the workflow uses without zod', () => {
  test('settings recorded before a group or field existed get today’s defaults, as the schema would give', () => {
    const today = lineSettingsSchema.parse({ greeting: { enabled: true, text: 'Hi' }, distribution: { mode: 'all' } });
    const recorded = structuredClone(today) as Record<string, unknown>;
    delete recorded.kpi;
    delete (recorded.greeting as Record<string, unknown>).text;
    delete (recorded.rating as Record<string, unknown>).enabled;
    const filled = withCurrentDefaults(recorded);
    expect(filled).toEqual(lineSettingsSchema.parse(recorded));
    // What was recorded stays as recorded.
    expect(filled.distribution.mode).toBe('all');
    expect(filled.greeting.enabled).toBe(true);
    expect(withCurrentDefaults(undefined)).toEqual(lineSettingsSchema.parse({}));
  });

  test('filled-in defaults are copies: changing one dialog’s settings changes no other', () => {
    const first = withCurrentDefaults({});
    first.workingHours.holidays.push('2026-12-31');
    expect(withCurrentDefaults({}).workingHours.holidays).toEqual([]);
  });

  test('a rating value is accepted exactly when the boundary schema accepts it', () => {
    for (const value of ['like', 'dislike', 'Like', '', 0, 1, 3, 5, 6, 2.5, -1, '5', null, undefined, {}, [1], Number.NaN]) {
      expect(isRatingValue(value), String(value)).toBe(ratingValueSchema.safeParse(value).success);
    }
  });
});
