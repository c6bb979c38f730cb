/** A loop of the worker that runs beside the Temporal worker (sweepers, the statistics folder). */
export interface PeriodicPass {
  /** Resolves once the pass under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` back to back while it answers true (more work is waiting), else every `intervalMs`.
 * A pass that throws (PostgreSQL or Temporal unreachable) is reported as `name` and tried again at
 * the next interval; nothing it left behind is lost, since every pass starts from the database.
 */
export function startPeriodicPass(name: string, pass: () => Promise<boolean>, intervalMs: number): PeriodicPass {
  let stopped = false;
  let wake: (() => void) | undefined;
  const running = (async () => {
    while (!stopped) {
      try {
        if (await pass()) continue;
      } catch (error) {
        console.error(`${name}: pass failed`, error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
