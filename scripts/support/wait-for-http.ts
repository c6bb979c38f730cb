/**
 * Polls `url` until the server answers at all: any HTTP status counts, since "answers" is what
 * we wait for (a 404 from a missing health route still means the server is up).
 */
export async function waitForHttpAnswer(
  url: string,
  options: { timeoutMs: number; exited?: Promise<unknown> },
): Promise<number> {
  let hasExited = false;
  void options.exited?.then(() => (hasExited = true));
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`the server for ${url} exited before answering`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return response.status;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs / 1000}s`);
}
