/**
 * What the start script has running, stopped stage by stage in a fixed order — the web server and
 * worker first (they use the servers below them), then Temporal, then PostgreSQL — however the
 * start-up happened to interleave.
 */
export class ShutdownSequence<Stage extends string> {
  private readonly stops = new Map<Stage, (() => Promise<void>)[]>();
  private readonly lateStops: Promise<void>[] = [];
  private started = false;

  /** `stopOrder`: every stage, in the order they must be stopped. */
  constructor(private readonly stopOrder: readonly Stage[]) {}

  get inProgress(): boolean {
    return this.started;
  }

  /** Returns a function that forgets the stop again (for things that end on their own). */
  add(stage: Stage, stop: () => Promise<void>): () => void {
    if (this.started) {
      // Started while we were already shutting down: stop it straight away.
      this.lateStops.push(this.stopOne(stage, stop));
      return () => {};
    }
    const stops = this.stops.get(stage) ?? [];
    stops.push(stop);
    this.stops.set(stage, stops);
    return () => {
      const index = stops.indexOf(stop);
      if (index >= 0) stops.splice(index, 1);
    };
  }

  /** Resolves with whether there was anything to stop. */
  async run(log: (message: string) => void): Promise<boolean> {
    this.started = true;
    let stoppedAnything = this.lateStops.length > 0;
    for (const stage of this.stopOrder) {
      const stops = this.stops.get(stage) ?? [];
      if (stops.length === 0) continue;
      log(`stopping ${stage}…`);
      await Promise.all(stops.map((stop) => this.stopOne(stage, stop)));
      stoppedAnything = true;
    }
    await Promise.all(this.lateStops);
    return stoppedAnything;
  }

  private async stopOne(stage: string, stop: () => Promise<void>): Promise<void> {
    try {
      await stop();
    } catch (error) {
      console.error(`[start] stopping ${stage} failed:`, error);
    }
  }
}
