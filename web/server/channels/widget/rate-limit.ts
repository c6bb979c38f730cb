/**
 * A fixed-window counter per key, in this process's memory. Enough to stop one browser tab from
 * flooding a line; several web servers each keep their own windows.
 */
export interface RateLimiter {
  /** Counts one hit; false when `key` is over its limit in the current window. */
  hit(key: string, now?: number): boolean;
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  const maxKeys = options.maxKeys ?? 50_000;
  return {
    hit(key, now = Date.now()) {
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        if (windows.size >= maxKeys) {
          for (const [k, w] of windows) if (now - w.startedAt >= options.windowMs) windows.delete(k);
        }
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count <= options.limit;
    },
  };
}
