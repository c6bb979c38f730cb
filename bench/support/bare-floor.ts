import { join } from 'node:path';
import { spawnManaged } from '../../scripts/support/child-process';
import { sendAtRate } from './pace';
import { readSseFrames } from './sse';

const root = join(import.meta.dirname, '..', '..');

/**
 * The floor the product's inbound latency is compared with: bare-floor-server.ts (its own process,
 * the same PostgreSQL) under the same load as the product — `visitors` posting `rate` messages/s
 * for `seconds`, `listeners` SSE clients. Returns each message's latency from its POST to the
 * first listener receiving it (ms), as the bench measures the product.
 */
export async function measureBareFloor(options: { databaseUrl: string; visitors: number; listeners: number; rate: number; seconds: number }): Promise<number[]> {
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const server = spawnManaged(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'bench', 'support', 'bare-floor-server.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: options.databaseUrl },
    onOutputLine: (line) => {
      const match = /^bare floor listening on (\d+)/.exec(line);
      if (match) listening(Number(match[1]));
      else console.error(`[floor] ${line}`);
    },
  });
  const abort = new AbortController();
  try {
    const url = `http://127.0.0.1:${await Promise.race([port, server.exited.then(() => Promise.reject(new Error('bare floor server exited')))])}`;
    const seenAt = new Map<number, number>();
    await Promise.all(
      Array.from({ length: options.listeners }, async () => {
        const response = await fetch(`${url}/events`, { signal: abort.signal });
        if (!response.body) throw new Error('bare floor: no event stream');
        let connected!: () => void;
        const ready = new Promise<void>((resolve) => (connected = resolve));
        void readSseFrames(response.body, ({ event, data }) => {
          if (event === 'connected') return connected();
          if (!data) return;
          const { messageId } = JSON.parse(data) as { messageId: number };
          if (!seenAt.has(messageId)) seenAt.set(messageId, performance.now());
        });
        await ready;
      }),
    );
    const sentAt = new Map<number, number>();
    const failures: string[] = [];
    await sendAtRate(options.rate * options.seconds, options.rate, async (i, t0) => {
      try {
        const response = await fetch(`${url}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ visitor: `visitor-${i % options.visitors}`, text: `message ${i}` }),
        });
        const { messageId } = (await response.json()) as { messageId: number };
        sentAt.set(messageId, t0);
      } catch (error) {
        failures.push(error instanceof Error ? `${error.message} (${String(error.cause)})` : String(error));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (failures.length > 0) console.log(`bare floor: ${failures.length} failed sends, e.g. ${failures[0]}`);
    return [...sentAt].flatMap(([id, t0]) => (seenAt.has(id) ? [seenAt.get(id)! - t0] : []));
  } finally {
    abort.abort();
    await server.stop(5_000);
  }
}
