import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { spawnManaged, type ManagedChild } from '../../scripts/support/child-process';
import { superviseChild, type RestartBackoff, type SupervisedChild } from '../../scripts/support/supervised-child';

/**
 * The restart logic of `npm start`, on real processes: small node scripts that crash, exit or get
 * killed, and the back-off between their restarts.
 */

/** Prints "up <pid>" and then whatever `then` does; the started copies are counted by `starts`. */
function nodeScript(then: string): string {
  return `console.log('up ' + process.pid); ${then}`;
}
const IDLE = 'setInterval(() => {}, 1000);';

type Started = { pid: number; at: number };

function supervise(scriptFor: (attempt: number) => string, backoff: RestartBackoff) {
  const started: Started[] = [];
  const output: string[] = [];
  const log: string[] = [];
  let attempts = 0;
  const supervised = superviseChild({
    name: 'the test child',
    backoff,
    log: (message) => log.push(message),
    start: (): ManagedChild => {
      attempts += 1;
      return spawnManaged(process.execPath, ['-e', scriptFor(attempts)], {
        onOutputLine: (line) => {
          output.push(line);
          const pid = /^up (\d+)$/.exec(line)?.[1];
          if (pid) started.push({ pid: Number(pid), at: Date.now() });
        },
      });
    },
  });
  running.push(supervised);
  return { supervised, started, output, log, attempts: () => attempts };
}

const running: SupervisedChild[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((supervised) => supervised.stop(2_000)));
});

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Running, not merely a zombie waiting for a container's init to reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a supervised child process', () => {
  test('killed with SIGKILL, it is started again after the first back-off, and says so', async () => {
    const { supervised, started, log } = supervise(() => nodeScript(IDLE), { initialMs: 200, maxMs: 1_000, stableAfterMs: 60_000 });
    await until(() => started.length === 1, 'the first start');
    const first = started[0]!;

    process.kill(first.pid, 'SIGKILL');
    await until(() => started.length === 2, 'the restart');

    expect(log).toEqual(['the test child exited (signal SIGKILL); restarting in 0.2 s (restart 1)']);
    const second = started[1]!;
    expect(second.pid).not.toBe(first.pid);
    expect(second.at - first.at).toBeGreaterThanOrEqual(200);
    expect(supervised.restarts()).toBe(1);

    await supervised.stop(2_000);
    expect(isAlive(second.pid)).toBe(false);
  });

  test('the back-off doubles up to its ceiling, and starts over after a run that lasted', async () => {
    // Runs 1–4 crash at once, run 5 lasts past `stableAfterMs` and then exits, run 6 stays up.
    const { started, log } = supervise(
      (attempt) => nodeScript(attempt <= 4 ? 'process.exit(3);' : attempt === 5 ? 'setTimeout(() => process.exit(0), 3500);' : IDLE),
      { initialMs: 100, maxMs: 400, stableAfterMs: 3_000 },
    );
    await until(() => started.length === 6, 'the sixth start', 30_000);

    expect(log).toEqual([
      'the test child exited (code 3); restarting in 0.1 s (restart 1)',
      'the test child exited (code 3); restarting in 0.2 s (restart 2)',
      'the test child exited (code 3); restarting in 0.4 s (restart 3)',
      'the test child exited (code 3); restarting in 0.4 s (restart 4)',
      'the test child exited (code 0); restarting in 0.1 s (restart 5)',
    ]);
    const gaps = started.slice(1).map((start, index) => start.at - started[index]!.at);
    [100, 200, 400, 400].forEach((delay, index) => expect(gaps[index]).toBeGreaterThanOrEqual(delay));
  });

  test('stop() during the back-off cancels the pending restart', async () => {
    const { supervised, log, attempts } = supervise(() => nodeScript('process.exit(1);'), {
      initialMs: 1_000,
      maxMs: 1_000,
      stableAfterMs: 60_000,
    });
    await until(() => log.length === 1, 'the exit');
    expect(log[0]).toBe('the test child exited (code 1); restarting in 1 s (restart 1)');

    await supervised.stop(2_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(attempts()).toBe(1);
  });

  test('a leader killed with SIGKILL takes its orphaned children along and is restarted', async () => {
    // Like `tsx worker/main.ts`: the leader runs the real program as a child that shares its output.
    const leader = nodeScript(
      `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(`console.log('grandchild ' + process.pid); ${IDLE}`)}], { stdio: 'inherit' }); ${IDLE}`,
    );
    const { started, output, log } = supervise(() => leader, { initialMs: 200, maxMs: 1_000, stableAfterMs: 60_000 });
    const grandchildren = () => output.flatMap((line) => /^grandchild (\d+)$/.exec(line)?.[1] ?? []).map(Number);
    await until(() => started.length === 1 && grandchildren().length === 1, 'the leader and its child');

    process.kill(started[0]!.pid, 'SIGKILL');
    await until(() => started.length === 2, 'the restart');

    expect(log).toEqual(['the test child exited (signal SIGKILL); restarting in 0.2 s (restart 1)']);
    expect(isAlive(grandchildren()[0]!)).toBe(false);
  });

  test('a wrapper’s exit code 128 + n is reported as signal n, as for `tsx` whose program was killed', async () => {
    const { log } = supervise(() => nodeScript('process.exit(137);'), { initialMs: 5_000, maxMs: 5_000, stableAfterMs: 60_000 });
    await until(() => log.length === 1, 'the exit');
    expect(log[0]).toBe('the test child exited (signal SIGKILL); restarting in 5 s (restart 1)');
  });
});
