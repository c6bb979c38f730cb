/**
 * Calls `send(i)` for i = 0 … total-1 at a fixed rate (an open loop: a slow answer does not slow
 * the next send, as with real visitors), each with the time it was sent. Resolves once every call
 * has settled, with the seconds the sending took.
 */
export async function sendAtRate(total: number, rate: number, send: (i: number, sentAt: number) => Promise<void>): Promise<number> {
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(send(i, performance.now()));
  }
  await Promise.all(inflight);
  return (performance.now() - started) / 1000;
}
