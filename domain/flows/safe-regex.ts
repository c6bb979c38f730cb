/**
 * Regular expressions written by admins in condition rules. They run inside the dialog workflow, so a
 * pattern that backtracks for ever would stall the dialog: patterns with a repeated group that itself
 * repeats ("(a+)+", "(\w*)*", "(x{1,9})+") are refused, and the text matched is capped.
 */

/** Longer client texts are cut to this before a regex sees them. */
export const REGEX_INPUT_LIMIT = 1000;

/** Why a pattern cannot be used (a message that says the fix), or null when it can. */
export function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    return `is not a valid regular expression (${error instanceof Error ? error.message : String(error)}): check brackets and escape special characters with \\`;
  }
  if (hasNestedRepetition(pattern)) {
    return 'repeats a group that itself repeats (like "(a+)+"), which can take for ever to match: remove the inner or the outer repetition';
  }
  return null;
}

/** A case-insensitive test, false for unusable patterns; never throws. */
export function testRegex(pattern: string, text: string): boolean {
  if (regexProblem(pattern) !== null) return false;
  return new RegExp(pattern, 'i').test(text.slice(0, REGEX_INPUT_LIMIT));
}

/** Whether a repeated group contains a repetition of its own (star height above one). */
function hasNestedRepetition(pattern: string): boolean {
  // One entry per open group: does it contain a repetition?
  const groups: boolean[] = [];
  // The atom just read was a group that contains a repetition.
  let previousGroupRepeats = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const groupJustClosed = previousGroupRepeats;
    previousGroupRepeats = false;
    if (char === '\\') {
      i++;
    } else if (char === '[') {
      i = endOfCharacterClass(pattern, i);
    } else if (char === '(') {
      groups.push(false);
      if (pattern[i + 1] === '?') i = endOfGroupPrefix(pattern, i + 1);
    } else if (char === ')') {
      const repeats = groups.pop() ?? false;
      previousGroupRepeats = repeats;
      // The inner repetition belongs to the enclosing group too.
      if (repeats && groups.length > 0) groups[groups.length - 1] = true;
    } else if (char === '*' || char === '+' || (char === '{' && /^\{\d+,\d*\}/.test(pattern.slice(i)))) {
      if (groupJustClosed) return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
    }
  }
  return false;
}

function endOfCharacterClass(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/** Skips "?:", "?=", "?!", "?<=", "?<!", "?<name>" after a "(". */
function endOfGroupPrefix(pattern: string, question: number): number {
  const named = /^\?<[a-zA-Z_$][\w$]*>/.exec(pattern.slice(question));
  if (named) return question + named[0].length - 1;
  return pattern.startsWith('?<', question) ? question + 2 : question + 1;
}
