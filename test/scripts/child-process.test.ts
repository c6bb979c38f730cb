import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * A script that starts servers through spawnManaged (a bench: embedded PostgreSQL, Temporal) and
 * is stopped by a signal it does not handle itself must not leave them running.
 */
const repoRoot = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'openlines-child-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a script that spawns a long-running child and prints "child <pid>"; `handles`: the script's own handler for the signal. */
async function scriptWithChild(handles?: NodeJS.Signals) {
  const path = join(dir, `script-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    path,
    [
      `import { spawnManaged } from ${JSON.stringify(join(repoRoot, 'scripts/support/child-process.ts'))};`,
      `const server = spawnManaged(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);`,
      handles ? `process.on('${handles}', () => { console.log('handled'); void server.stop(1000).then(() => process.exit(0)); });` : '',
      `console.log('child ' + server.child.pid);`,
      `setInterval(() => {}, 1000);`,
    ].join('\n'),
  );
  const script = spawn(process.execPath, ['--import', 'tsx', path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const childPid = await new Promise<number>((resolvePid, reject) => {
    createInterface({ input: script.stdout! }).on('line', (line) => {
      lines.push(line);
      const pid = /^child (\d+)$/.exec(line)?.[1];
      if (pid) resolvePid(Number(pid));
    });
    script.once('exit', () => reject(new Error(`the script exited early: ${lines.join('\n')}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => script.once('exit', (code, signal) => done({ code, signal })));
  return { script, childPid, exited, lines };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 5_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isRunning(pid);
}

describe('children of a script stopped by a signal', () => {
  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops the script as it would and its children with it', async (signal) => {
    const { script, childPid, exited } = await scriptWithChild();
    expect(isRunning(childPid)).toBe(true);
    script.kill(signal);
    expect(await exited).toEqual({ code: null, signal });
    expect(await gone(childPid)).toBe(true);
  });

  test("a script that handles the signal itself stops its children its own way", async () => {
    const { script, childPid, exited, lines } = await scriptWithChild('SIGTERM');
    script.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(lines).toContain('handled');
    expect(await gone(childPid)).toBe(true);
  });
});
