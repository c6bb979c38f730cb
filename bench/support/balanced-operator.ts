import superjson from 'superjson';
import type { LiveEvent } from '../../domain/live-events';
import type { LoadBalancer } from './load-balancer';

/**
 * An operator's browser behind the load balancer: one session cookie (sessions live in PostgreSQL,
 * so every replica accepts it), tRPC calls to whichever replica is up, and the inbox's live stream
 * on one replica — when that replica dies the stream ends and `onEnd` is told, as the inbox's
 * EventSource would notice and reconnect.
 */
export class BalancedOperator {
  private readonly abort = new AbortController();

  private constructor(
    private readonly balancer: LoadBalancer,
    private readonly cookie: string,
  ) {}

  static async signIn(balancer: LoadBalancer, email: string, password: string, address: string): Promise<BalancedOperator> {
    const response = await balancer.fetch('/api/auth/sign-in/email', (baseUrl) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    }));
    if (!response.ok) throw new Error(`sign-in of ${email}: HTTP ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return new BalancedOperator(balancer, cookie);
  }

  /** Opens the live stream on `baseUrl`; resolves once connected. `onEnd` runs when the stream ends. */
  async listen(baseUrl: string, onEvent: (event: LiveEvent) => void, onEnd: () => void): Promise<void> {
    const response = await fetch(`${baseUrl}/api/trpc/live.events`, { headers: { cookie: this.cookie, accept: 'text/event-stream' }, signal: this.abort.signal });
    if (!response.ok || !response.body) throw new Error(`live stream: HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    void (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return this.abort.signal.aborted ? undefined : onEnd();
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const kind = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (kind === 'connected') connected();
          else if (kind === undefined && data) onEvent(superjson.deserialize<LiveEvent>(JSON.parse(data)));
        }
      }
    })();
    await ready;
  }

  /** Dialog updates that did not confirm in time (409 with an outcome) and were sent again. */
  unconfirmedSentAgain = 0;

  /**
   * A mutation that runs a dialog workflow update, as the inbox treats it: when the dialog did not
   * confirm in time and the change has not happened (409, outcome 'not_applied') it is sent again,
   * which the error says is safe; when it has ('applied'), a reply is sent again too (the same
   * clientMessageId answers with the stored message's id) and anything else is done.
   */
  async mutateDialog<T>(path: string, input: unknown, options: { resendWhenApplied: boolean }): Promise<T | undefined> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        return await this.mutate<T>(path, input);
      } catch (error) {
        const outcome = error instanceof TrpcRefusal ? error.outcome : undefined;
        if (outcome === undefined || Date.now() > deadline) throw error;
        if (outcome === 'applied' && !options.resendWhenApplied) return undefined;
        this.unconfirmedSentAgain++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** A tRPC mutation; resolves to its output, or throws a TrpcRefusal with the status and body. */
  async mutate<T>(path: string, input: unknown): Promise<T> {
    return this.call<T>(path, (baseUrl) => ({
      method: 'POST',
      // The server refuses state-changing tRPC calls whose Origin is not its PUBLIC_URL (CSRF).
      headers: { 'content-type': 'application/json', cookie: this.cookie, origin: baseUrl },
      body: JSON.stringify(superjson.serialize(input)),
    }));
  }

  async query<T>(path: string, input: unknown): Promise<T> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    return this.call<T>(`${path}?input=${encoded}`, () => ({ headers: { cookie: this.cookie } }));
  }

  close(): void {
    this.abort.abort();
  }

  private async call<T>(path: string, build: (baseUrl: string) => RequestInit): Promise<T> {
    const response = await this.balancer.fetch(`/api/trpc/${path}`, build);
    const body = await response.text();
    if (!response.ok) throw new TrpcRefusal(`${path.split('?')[0]}: HTTP ${response.status} ${body}`, body);
    const envelope = JSON.parse(body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    return superjson.deserialize<T>(envelope.result.data);
  }
}

/** A refused tRPC call; `outcome` is set when a dialog update's result was unknown at its deadline. */
export class TrpcRefusal extends Error {
  readonly outcome: 'applied' | 'not_applied' | undefined;

  constructor(message: string, body: string) {
    super(message);
    let outcome: unknown;
    try {
      outcome = (JSON.parse(body) as { error?: { json?: { data?: { details?: { outcome?: unknown } } } } }).error?.json?.data?.details?.outcome;
    } catch {
      // Not a tRPC error body: no outcome.
    }
    this.outcome = outcome === 'applied' || outcome === 'not_applied' ? outcome : undefined;
  }
}
