import { constants } from 'node:os';
import type { ChildExit, ManagedChild } from './child-process';

export type RestartBackoff = {
  /** Wait before the first restart; doubled for each further one. */
  initialMs: number;
  maxMs: number;
  /** A process that ran this long before exiting was healthy: the next wait starts from `initialMs` again. */
  stableAfterMs: number;
};

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };

export type SupervisedChild = {
  /** The process running now, or the last one while a restart is pending. */
  current(): ManagedChild;
  /** How many times the process has been restarted so far. */
  restarts(): number;
  /** Stops the running process and any pending restart. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Keeps a process running: when it exits without stop() having been called, it is started again
 * after a back-off (1 s, 2 s, 4 s … up to 30 s by default, reset once a run lasted long enough), with
 * one log line saying so. A crash loop thus costs little, and a one-off crash (a worker killed by the
 * OOM killer) is repaired in a second while everything else keeps running.
 */
export function superviseChild(options: {
  /** How the log names it: "the worker". */
  name: string;
  start: () => ManagedChild;
  log: (message: string) => void;
  backoff?: RestartBackoff;
}): SupervisedChild {
  const backoff = options.backoff ?? DEFAULT_RESTART_BACKOFF;
  let running = options.start();
  let restarts = 0;
  let nextDelayMs = backoff.initialMs;
  let stopped = false;
  let pendingRestart: { timer: NodeJS.Timeout; cancel: () => void } | undefined;

  const watch = (child: ManagedChild, startedAt: number): void => {
    void child.exited.then((exit) => {
      if (stopped) return;
      if (Date.now() - startedAt >= backoff.stableAfterMs) nextDelayMs = backoff.initialMs;
      const delayMs = nextDelayMs;
      nextDelayMs = Math.min(nextDelayMs * 2, backoff.maxMs);
      restarts += 1;
      options.log(`${options.name} exited (${describeExit(exit)}); restarting in ${formatDelay(delayMs)} (restart ${restarts})`);
      void new Promise<boolean>((resolve) => {
        pendingRestart = { timer: setTimeout(() => resolve(true), delayMs), cancel: () => resolve(false) };
      }).then((due) => {
        pendingRestart = undefined;
        if (!due || stopped) return;
        running = options.start();
        watch(running, Date.now());
      });
    });
  };
  watch(running, Date.now());

  let stopping: Promise<void> | undefined;
  return {
    current: () => running,
    restarts: () => restarts,
    stop: (graceMs) => {
      stopped = true;
      if (pendingRestart) {
        clearTimeout(pendingRestart.timer);
        pendingRestart.cancel();
      }
      stopping ??= running.stop(graceMs);
      return stopping;
    },
  };
}

/**
 * "signal SIGKILL" or "code 1". A wrapper such as `tsx` reports a child killed by a signal the way
 * shells do, as exit code 128 + the signal's number; that is named as the signal too.
 */
export function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not be started: ${exit.error.message}`;
  if (exit.signal) return `signal ${exit.signal}`;
  const signalNumber = (exit.code ?? 0) - 128;
  const signal = Object.entries(constants.signals).find(([, number]) => number === signalNumber)?.[0];
  return signal ? `signal ${signal}` : `code ${exit.code}`;
}

function formatDelay(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
