/** Progress lines for the start and test scripts: `[tag] message (1.2s)`. */
export function logStep(tag: string, message: string, startedAt?: number): void {
  const elapsed = startedAt === undefined ? '' : ` (${formatSeconds(Date.now() - startedAt)})`;
  console.log(`[${tag}] ${message}${elapsed}`);
}

export function formatSeconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
