import { parseArgs } from 'node:util';
import { RE2JS } from 're2js';
import { REGEX_INPUT_LIMIT, testRegex } from '../domain/flows/safe-regex';

/**
 * `npm run bench:regex` — the patterns of issue 8 that backtrack for ever in a JavaScript RegExp.
 * Native RegExp is timed on short texts only, as the baseline that shows the blow-up (its time grows
 * exponentially: the longest texts below take about a second, two more characters take seconds);
 * re2js, the engine flow conditions use, on 10,000 characters (`--length N` to change).
 */
const { values } = parseArgs({ options: { length: { type: 'string', default: '10000' } } });
const longLength = Number(values.length);

/** Each pattern with the text that defeats backtracking (repeated so that every split is tried). */
const attacks: { pattern: string; text: (length: number) => string; nativeLengths: number[] }[] = [
  { pattern: '(a|a)*$!', text: (length) => 'a'.repeat(length), nativeLengths: [12, 16, 20, 22, 24] },
  { pattern: '(\\w|\\d)*!', text: (length) => '1'.repeat(length), nativeLengths: [12, 16, 20, 22, 24] },
  // Two characters per split here, so the blow-up needs longer texts.
  { pattern: '(a|b|ab)*c', text: (length) => 'ab'.repeat(Math.ceil(length / 2)).slice(0, length), nativeLengths: [24, 32, 36, 40, 44] },
];

function millis(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const format = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

for (const { pattern, text, nativeLengths } of attacks) {
  console.log(`\n${pattern}`);
  for (const length of nativeLengths) {
    const input = text(length);
    const native = new RegExp(pattern, 'i');
    console.log(`  native RegExp, ${String(length).padStart(5)} chars: ${format(millis(() => native.test(input)))}`);
  }
  const long = text(longLength);
  const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  const re2 = median(Array.from({ length: 5 }, () => millis(() => compiled.test(long))));
  console.log(`  re2js,         ${String(longLength).padStart(5)} chars: ${format(re2)} (median of 5)`);
  // What a flow condition does: compile, cut the text at REGEX_INPUT_LIMIT, match.
  const condition = median(Array.from({ length: 5 }, () => millis(() => testRegex(pattern, long))));
  console.log(`  flow condition (compile + first ${REGEX_INPUT_LIMIT} chars): ${format(condition)} (median of 5)`);
}
