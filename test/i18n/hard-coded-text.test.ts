import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

/**
 * Texts a person reads come from the catalogues in web/i18n/messages. The repository's lint rule
 * (i18next/no-literal-string in eslint.config.js) finds a text written straight into the UI; this
 * runs it over every page and component, and shows what it catches.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({
  cwd: repoRoot,
  // Syntax is enough for this rule; type-aware parsing of 130 files would only slow the test down.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

function literalTexts(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => `${r.filePath.slice(repoRoot.length + 1)}:${m.line}: ${m.message}`),
  );
}

describe('no hard-coded UI text', () => {
  test('no page or component of the staff UI or the widget writes a text of its own', async () => {
    const results = await eslint.lintFiles(['web/app/**/*.tsx', 'web/features/**/*.tsx']);
    expect(literalTexts(results)).toEqual([]);
  }, 120_000);

  test('the rule catches a text in JSX and in a label attribute, and lets a translated one pass', async () => {
    const filePath = join(repoRoot, 'web/features/inbox/lint-probe.tsx');
    const hardCoded = `export function Probe() { return <button aria-label="Close dialog" title={'Close'}>Close</button>; }\n`;
    const translated = `import { useTranslations } from 'next-intl';\nexport function Probe() { const t = useTranslations('inbox'); return <button aria-label={t('close')} className="x" type="button">{t('close')} ·</button>; }\n`;
    const [caught] = await eslint.lintText(hardCoded, { filePath });
    const [clean] = await eslint.lintText(translated, { filePath });
    expect(literalTexts([caught!])).toHaveLength(3);
    expect(literalTexts([clean!])).toEqual([]);
  });
});
