import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

/**
 * Two rules of the architecture hold because the linter refuses code that breaks them: queries live
 * only in db/ (db/queries), and the web app never imports activities/. These lint snippets with the
 * repository's own eslint.config.js, as if they were files at the given paths.
 */
const repoRoot = join(import.meta.dirname, '..', '..');

// The snippets are not files of the TypeScript project, so type-aware parsing is off for them (the
// two rules under test read syntax and import paths only).
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
});

async function lintErrors(filePath: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const inlineQuery = `
import { sql } from 'kysely';
import type { Database } from '../db/client';

export async function deactivate(db: Database, userId: string) {
  await db.updateTable('users').set({ active: false }).where('id', '=', userId).execute();
  const count = await sql<number>\`select count(*) from users\`.execute(db);
  const rows = await db.with('u', (qb) => qb.selectFrom('users').select('id')).selectFrom('u').selectAll().execute();
  return { count, rows };
}
`;

describe('queries live only in db/', () => {
  test('a query written inline in an activity is an error at each builder call and sql template', async () => {
    const errors = await lintErrors('activities/lint-probe.ts', inlineQuery);
    expect(errors.every((e) => e.rule === 'no-restricted-syntax')).toBe(true);
    // updateTable, the sql`…` template, with, and the two selectFrom calls.
    expect(errors).toHaveLength(5);
    expect(errors[0]?.message).toContain('Queries live in db/queries');
    expect(errors.map((e) => e.message)).toContain('SQL lives in db/queries: add a function there and call it.');
  });

  test('in a web service too, and sql.raw is SQL as well', async () => {
    const code = `import { sql } from 'kysely';\nexport const everything = sql.raw('select 1');\n`;
    expect(await lintErrors('web/server/services/lint-probe.ts', code)).toEqual([
      { rule: 'no-restricted-syntax', message: 'SQL lives in db/queries: add a function there and call it.' },
    ]);
  });

  test('the same code is allowed in db/queries, and in test setup', async () => {
    expect(await lintErrors('db/queries/lint-probe.ts', inlineQuery)).toEqual([]);
    expect(await lintErrors('test/support/lint-probe.ts', inlineQuery)).toEqual([]);
  });
});

describe('the web app never imports activities/', () => {
  test('an import of activities/ from web/ is an error', async () => {
    const code = `import { sendHttpRequest } from '../../../activities/flows';\nexport const send = sendHttpRequest;\n`;
    const errors = await lintErrors('web/server/services/lint-probe.ts', code);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.rule).toBe('no-restricted-imports');
    expect(errors[0]?.message).toContain('The web app never imports activities/');
  });

  test('the activities index counts too, and a type-only import as well', async () => {
    const code = `import type { createActivities } from '../../activities';\nexport type Activities = ReturnType<typeof createActivities>;\n`;
    expect((await lintErrors('web/app/lint-probe.ts', code)).map((e) => e.rule)).toEqual(['no-restricted-imports']);
  });

  test('the guarded HTTP client in outbound/ is shared: the web app may import it', async () => {
    const code = `import { performHttpRequest } from '../../../../outbound/http-request';\nexport const perform = performHttpRequest;\n`;
    expect(await lintErrors('web/server/trpc/routers/lint-probe.ts', code)).toEqual([]);
  });
});
