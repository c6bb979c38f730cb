import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGreenMailJar } from './greenmail-jar';
import { ensureSchemathesis } from './schemathesis';
import { ensureTemporalCli, ensureTemporalTestServer } from './temporal-binaries';
import { runBuildCommand } from './support/build-command';
import { buildWebIfChanged } from './support/web-build';
import { logStep } from './support/log';
import { exists } from './support/fs';

/**
 * `npm test` (and CI): installs what a clean machine lacks, then runs the type checker, the linter
 * and every vitest test, and ends with one plain line `N passed, N failed[, N skipped]`.
 * Extra arguments go to vitest, e.g. `npm test -- test/domain`. Type checking and linting count as
 * one test each in the summary, so a failing check can never hide behind "0 failed".
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_PATH = '/usr/bin/chromium';
const VITEST_JSON_REPORT = join(repoRoot, 'test-results', 'vitest.json');
const startedAt = Date.now();
const progress = (message: string) => logStep('test', message, startedAt);
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

type Counts = { passed: number; failed: number; skipped: number };

async function main(): Promise<number> {
  await ensureSystemPackages();
  progress('checking the Temporal servers the tests run against…');
  await ensureTemporalCli();
  await ensureTemporalTestServer();
  progress('Temporal binaries ready');
  await ensureGreenMailJar();
  await ensureSchemathesis();

  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, command, args] of [
    ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
    ['lint', bin('eslint'), ['.']],
  ] as const) {
    progress(`${name}…`);
    const passed = await succeeds(command, [...args]);
    counts[passed ? 'passed' : 'failed'] += 1;
    progress(`${name} ${passed ? 'passed' : 'FAILED'}`);
  }

  // The browser tests run the production build; building here, with progress, keeps a
  // minute-long compile out of a test hook. Skipped when nothing changed since the last build.
  progress('building the web app for the browser tests (only when its sources changed)…');
  const dataDir = join(repoRoot, '.data');
  await mkdir(dataDir, { recursive: true });
  const build = await buildWebIfChanged({ repoRoot, dataDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  progress(build === 'built' ? 'web app built' : 'web app unchanged since the last build');

  progress('vitest…');
  const vitest = await runVitest(process.argv.slice(2));
  counts.passed += vitest.passed;
  counts.failed += vitest.failed;
  counts.skipped += vitest.skipped;

  progress('done');
  console.log(summaryLine(counts));
  return counts.failed === 0 && vitest.passed > 0 ? 0 : 1;
}

/**
 * Debian packages the tests need: Chromium for the browser tests (playwright-core drives the system
 * one, its own download is blocked), Java and Maven to fetch and run Temporal's test server.
 */
const SYSTEM_NEEDS = [
  { what: 'Chromium', present: () => exists(CHROMIUM_PATH), debianPackage: 'chromium' },
  { what: 'Java', present: () => onPath('java'), debianPackage: 'openjdk-17-jre-headless' },
  { what: 'Maven', present: () => onPath('mvn'), debianPackage: 'maven' },
];

async function ensureSystemPackages(): Promise<void> {
  const missing = [];
  for (const need of SYSTEM_NEEDS) if (!(await need.present())) missing.push(need);
  if (missing.length === 0) return;
  const names = missing.map((need) => need.debianPackage);
  if (userInfo().uid !== 0) {
    throw new Error(`missing ${missing.map((need) => need.what).join(', ')}; install them (Debian: sudo apt-get install -y ${names.join(' ')}) and rerun`);
  }
  progress(`installing ${names.join(', ')} with apt-get (first time only)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runBuildCommand('test', 'apt-get', ['update'], { env });
  await runBuildCommand('test', 'apt-get', ['install', '-y', '--no-install-recommends', ...names], { env });
  for (const need of missing) {
    if (!(await need.present())) throw new Error(`apt-get installed ${need.debianPackage} but ${need.what} is still missing`);
  }
  progress(`installed ${names.join(', ')}`);
}

async function runVitest(extraArgs: string[]): Promise<Counts> {
  await mkdir(dirname(VITEST_JSON_REPORT), { recursive: true });
  await rm(VITEST_JSON_REPORT, { force: true });
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON_REPORT}`, ...extraArgs];
  const exitedCleanly = await succeeds(bin('vitest'), args);
  const counts = await readVitestCounts();
  if (!counts) {
    console.error(`[test] vitest wrote no report to ${VITEST_JSON_REPORT}; counting the run as one failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (!exitedCleanly && counts.failed === 0) {
    // Failures outside any test (global setup, unhandled errors) fail the run without failing a test.
    console.error('[test] vitest failed outside the tests (see above); counting that as one failure');
    return { ...counts, failed: 1 };
  }
  return counts;
}

async function readVitestCounts(): Promise<Counts | undefined> {
  try {
    const report = JSON.parse(await readFile(VITEST_JSON_REPORT, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return undefined;
  }
}

/** Runs a command with our terminal as its own (keeping its colours); false if it fails. */
async function succeeds(command: string, args: string[]): Promise<boolean> {
  const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    return code === 0;
  } catch (error) {
    console.error(`[test] could not run ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

function summaryLine({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
}

async function onPath(command: string): Promise<boolean> {
  const directories = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const directory of directories) if (await exists(join(directory, command))) return true;
  return false;
}


try {
  process.exitCode = await main();
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
  process.exitCode = 1;
}
