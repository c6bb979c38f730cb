import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * Regular expressions written by admins in condition rules. They run inside the dialog workflow
 * (and in the editor's simulator), so they run on RE2 (re2js, pure JavaScript): its matching time
 * grows linearly with the text, whatever the pattern — "(a|a)*$!" cannot stall the worker the way a
 * backtracking engine lets it. The price is RE2's syntax: no back-references and no lookaround.
 * Matching ignores case, as it always has.
 */

/** Longer client texts are cut to this before a regex sees them. */
export const REGEX_INPUT_LIMIT = 1000;

/** Why a pattern cannot be used (a message that says the fix), or null when it can. */
export function regexProblem(pattern: string): string | null {
  const compiled = compileRegex(pattern);
  return typeof compiled === 'string' ? compiled : null;
}

/** A case-insensitive search anywhere in the text, false for unusable patterns; never throws. */
export function testRegex(pattern: string, text: string): boolean {
  const compiled = compileRegex(pattern);
  if (typeof compiled === 'string') return false;
  return compiled.test(text.slice(0, REGEX_INPUT_LIMIT));
}

function compileRegex(pattern: string): RE2JS | string {
  try {
    // translateRegExp accepts the JavaScript spellings admins know (\u0041, \cA, (?<name>…)).
    return RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    return describeSyntaxError(pattern, error);
  }
}

/** Which kind of unusable pattern it is (a back-reference, a lookaround, other syntax), or null when usable. */
export function regexProblemKind(pattern: string): 'backReference' | 'lookaround' | 'syntax' | null {
  if (regexProblem(pattern) === null) return null;
  if (usesBackReference(pattern)) return 'backReference';
  if (usesLookaround(pattern)) return 'lookaround';
  return 'syntax';
}

const usesBackReference = (pattern: string) => /\\[1-9]/.test(pattern.replace(/\\\\/g, ''));
const usesLookaround = (pattern: string) => /\(\?<?[=!]/.test(pattern);

function describeSyntaxError(pattern: string, error: unknown): string {
  if (usesBackReference(pattern)) {
    return 'uses a back-reference (like "\\1"), which flow patterns do not support (they run on a linear-time engine): write the repeated text out, or compare two variables with an equals rule';
  }
  if (usesLookaround(pattern)) {
    return 'uses a lookahead or lookbehind ("(?=…)", "(?!…)", "(?<=…)", "(?<!…)"), which flow patterns do not support (they run on a linear-time engine): match the text itself, or split the check into two rules joined by "all"';
  }
  const reason = error instanceof RE2JSSyntaxException ? error.getDescription() : error instanceof Error ? error.message : String(error);
  return `is not a valid regular expression (${reason}): check brackets and escape special characters with \\`;
}
