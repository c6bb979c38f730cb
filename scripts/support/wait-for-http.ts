/**
 * Polls the web server's health route until it answers as Openlines does (200, `{"ok":true}`).
 * Any other answer means something else holds the port (another server, or one of the Temporal
 * dev server's random ports) and is named in the error if it lasts.
 */
export async function waitUntilHealthy(
  url: string,
  options: { timeoutMs: number; exited?: Promise<unknown> },
): Promise<void> {
  let hasExited = false;
  void options.exited?.then(() => (hasExited = true));
  let lastAnswer = 'no answer';
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`the server for ${url} exited before answering (last: ${lastAnswer})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.status === 200 && isHealthyBody(body)) return;
      lastAnswer = `${response.status} ${body.slice(0, 200)}`;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer as Openlines within ${options.timeoutMs / 1000}s (last: ${lastAnswer}); is another server on that port?`);
}

function isHealthyBody(body: string): boolean {
  try {
    return (JSON.parse(body) as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}
