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

  /** A tRPC mutation; resolves to its output, or throws with the status and body of a refusal. */
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
    if (!response.ok) throw new Error(`${path.split('?')[0]}: HTTP ${response.status} ${body}`);
    const envelope = JSON.parse(body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    return superjson.deserialize<T>(envelope.result.data);
  }
}
