import superjson from 'superjson';
import type { LiveEvent } from '../../domain/live-events';
import { readSseFrames } from './sse';

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
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    void readSseFrames(response.body, ({ event, data }) => {
      if (event === 'connected') connected();
      if (event === undefined && data) onEvent(superjson.deserialize<LiveEvent>(JSON.parse(data)));
    });
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
