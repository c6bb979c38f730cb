import superjson from 'superjson';
import type { LiveEvent } from '../../domain/live-events';

/**
 * An operator's browser, without the browser: signs in through better-auth, listens to the inbox's
 * tRPC live subscription (server-sent events) and takes and answers dialogs with tRPC mutations.
 */
export class OperatorClient {
  private readonly abort = new AbortController();

  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<OperatorClient> {
    const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`sign-in of ${email}: HTTP ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return new OperatorClient(baseUrl, cookie);
  }

  /** Opens the live stream; resolves once connected. `onEvent` gets each event as it arrives. */
  async listen(onEvent: (event: LiveEvent) => void): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/trpc/live.events`, {
      headers: { cookie: this.cookie, accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`live stream: HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    void (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const kind = /^event: (.*)$/m.exec(frame)?.[1];
          if (kind === 'connected') connected();
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (kind === undefined && data) onEvent(superjson.deserialize<LiveEvent>(JSON.parse(data)));
        }
      }
    })();
    await ready;
  }

  async mutate(path: string, input: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/api/trpc/${path}`, {
      method: 'POST',
      // The server refuses state-changing tRPC calls whose Origin is not PUBLIC_URL's (CSRF).
      headers: { 'content-type': 'application/json', cookie: this.cookie, origin: this.baseUrl },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${body}`);
    return body;
  }

  close(): void {
    this.abort.abort();
  }
}
