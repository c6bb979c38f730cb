/**
 * What a load balancer in front of the web replicas does, on the client side: requests go round
 * robin to the replicas still up; a replica that refuses connections (or drops one mid-request) is
 * taken out and the request is sent again to another one. Requests that change something carry
 * their own id (the widget's clientMessageId, the reply's clientMessageId), so sending one again
 * after a lost answer is safe — which is exactly what the bench checks.
 */
export class LoadBalancer {
  private readonly down = new Set<string>();
  private turn = 0;
  /** Requests sent again after a dropped connection or a 5xx, and when the first one was. */
  retries = 0;
  readonly retriesAfter: { at: number; succeededAt?: number }[] = [];

  constructor(readonly urls: readonly string[]) {}

  /** The next replica still up, round robin. */
  pick(): string {
    const up = this.urls.filter((url) => !this.down.has(url));
    if (up.length === 0) throw new Error('every web replica is down');
    return up[this.turn++ % up.length]!;
  }

  isUp(url: string): boolean {
    return !this.down.has(url);
  }

  /**
   * `build(baseUrl)` makes the request for one replica (the Origin header names it). Retries on
   * connection errors and 5xx for up to `deadlineMs`; any other status is the answer.
   */
  async fetch(path: string, build: (baseUrl: string) => RequestInit, deadlineMs = 120_000): Promise<Response> {
    const deadline = Date.now() + deadlineMs;
    let retry: { at: number; succeededAt?: number } | undefined;
    for (;;) {
      const baseUrl = this.pick();
      let response: Response | undefined;
      let failure: unknown;
      try {
        const answer = await fetch(`${baseUrl}${path}`, { ...build(baseUrl), signal: AbortSignal.timeout(30_000) });
        // Read the whole answer here: a replica killed after its status line but before the body
        // ends ('terminated') has lost the answer just the same, and the request is sent again.
        const body = await answer.arrayBuffer();
        response = new Response(body.byteLength > 0 ? body : null, { status: answer.status, headers: answer.headers });
      } catch (error) {
        failure = error;
        // Refused or dropped: the replica is gone (a timeout alone is load, not death).
        if (!(error instanceof DOMException && error.name === 'TimeoutError')) this.down.add(baseUrl);
      }
      if (response && response.status < 500) {
        if (retry) retry.succeededAt = performance.now();
        return response;
      }
      const reason = response ? `HTTP ${response.status} ${await response.text()}` : String(failure);
      if (Date.now() > deadline) throw new Error(`${path}: gave up after retries: ${reason}`);
      this.retries++;
      if (!retry) this.retriesAfter.push((retry = { at: performance.now() }));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
