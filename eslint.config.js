import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/.next/**', '.data/**', 'web/next-env.d.ts', 'web/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'Node built-ins are not allowed in workflow/domain code.' },
          { group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'stream', 'events', 'util', 'url'], message: 'Node built-ins are not allowed in workflow/domain code.' },
          { group: ['pg', 'kysely', 'react', '@temporalio/worker', '@temporalio/activity', '@temporalio/client'], message: 'Workflow/domain code must stay pure: do I/O in activities.' },
        ],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'], message: 'domain/ is pure TypeScript + zod.' },
          { group: ['pg', 'kysely', 'react', '@temporalio/worker', '@temporalio/activity', '@temporalio/client'], message: 'domain/ is pure TypeScript + zod.' },
        ],
      }],
    },
  },
  {
    // Migrations are frozen history: they take Kysely<any>, never today's schema types.
    files: ['db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
