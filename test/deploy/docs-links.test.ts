import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The README and docs/ are read in a clone of this repository alone (on GitHub, in a release
 * archive): they may not send readers to files beside or above it, nor to paths on the machine they
 * were written on.
 */
const repoRoot = resolve(import.meta.dirname, '..', '..');
const documents = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Paths that only exist on a developer's machine. `~/.cache/…` and URL paths such as `/inbox` are fine. */
const MACHINE_PATH = /(?:^|[\s`("'[])((?:\/(?:work|root|home|Users|tmp)\/|file:\/\/)[^\s`)"']*)/g;
/** A relative path climbing out of the document's folder: `../shared/SPEC.md`. */
const CLIMBING_PATH = /(?:^|[\s`("'[])((?:\.\.\/)+[^\s`)"']*)/g;
const MARKDOWN_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** What in `text` (the document at `path`) points outside the repository, one line per finding. */
function pointersOutside(path: string, text: string): string[] {
  const folder = dirname(join(repoRoot, path));
  const outside = (target: string) => relative(repoRoot, resolve(folder, target.split('#')[0] ?? '')).startsWith('..');
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `${path}:${index + 1}`;
    for (const [, target = ''] of line.matchAll(MACHINE_PATH)) problems.push(`${where}: ${target} is a path on one machine`);
    for (const [, target = ''] of line.matchAll(CLIMBING_PATH)) {
      if (outside(target)) problems.push(`${where}: ${target} is outside the repository`);
    }
    for (const [, target = ''] of line.matchAll(MARKDOWN_LINK)) {
      if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(target)) continue; // URLs, anchors, site paths; machine paths are reported above
      if (outside(target)) continue; // reported above
      const file = resolve(folder, target.split('#')[0] ?? '');
      if (!existsSync(file)) problems.push(`${where}: the link ${target} leads to no file in the repository`);
    }
  });
  return problems;
}

describe('README.md and docs/*.md', () => {
  test.each(documents)('%s points only at files inside the repository', (path) => {
    const problems = pointersOutside(path, readFileSync(join(repoRoot, path), 'utf8'));
    expect(problems, 'put what readers need into README.md or docs/ and link it from there').toEqual([]);
  });

  test('the README links the product description in docs/', () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain('](docs/product.md)');
  });

  test('what it reports: a sibling folder, a path on the author’s machine, a link to a missing file', () => {
    const text = [
      'The full behaviour is in `../shared/SPEC.md`.',
      'See /work/shared/SPEC.md or [the spec](file:///work/shared/SPEC.md).',
      'Read [the guide](docs/missing.md), [the product](docs/product.md) and open http://localhost:3000/inbox or `/admin/flows`.',
      'Binaries are cached in `~/.cache/openlines`.',
    ].join('\n');
    expect(pointersOutside('README.md', text)).toEqual([
      'README.md:1: ../shared/SPEC.md is outside the repository',
      'README.md:2: /work/shared/SPEC.md is a path on one machine',
      'README.md:2: file:///work/shared/SPEC.md is a path on one machine',
      'README.md:3: the link docs/missing.md leads to no file in the repository',
    ]);
    expect(pointersOutside('docs/product.md', 'Back to the [README](../README.md).')).toEqual([]);
  });
});
