import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
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
    // Queries live only in db/ (db/queries, one file per subject). Elsewhere a query builder call or
    // a sql`…` template is an error, so a query written inline in a service or an activity cannot
    // land. Not our application's queries, so allowed: bench/, test/ and scripts/ (they set up and
    // inspect data directly).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [
      'db/**',
      'bench/**',
      'test/**',
      'scripts/**',
    ],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|with|withRecursive)$/]',
          message: 'Queries live in db/queries: add a function there (db first; a locking one takes a Transaction) and call it.',
        },
        {
          selector: 'TaggedTemplateExpression[tag.name="sql"], MemberExpression[object.name="sql"]',
          message: 'SQL lives in db/queries: add a function there and call it.',
        },
      ],
    },
  },
  {
    // The web app runs no activity code: what both need (e.g. the guarded HTTP client in outbound/)
    // lives in a folder both may import.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)activities(/|$)', message: 'The web app never imports activities/: move what both need to a shared folder (outbound/, db/queries, domain/).' }],
      }],
    },
  },
  {
    // Every text a person reads in the staff UI or the widget comes from web/i18n/messages (English
    // and Russian): a literal in JSX text, or in an attribute that carries text (label, title,
    // placeholder, alt, aria-label, …), is an error.
    files: ['web/app/**/*.tsx', 'web/features/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', {
        mode: 'jsx-only',
        'jsx-attributes': {
          include: ['aria-(label|description|placeholder|roledescription|valuetext)', 'title', 'placeholder', 'alt', 'label', 'description', 'hint', 'heading', 'caption', '[a-z]+(Label|Text|Title|Message|Hint|Description)'],
          exclude: ['.*'],
        },
        message: 'A text the user reads: put it in web/i18n/messages/{en,ru}/<namespace>.json and render it with useTranslations (getTranslations on the server).',
      }],
    },
  },
  {
    // Migrations are frozen history: they take Kysely<any>, never today's schema types.
    files: ['db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
