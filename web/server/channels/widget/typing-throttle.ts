import { TYPING_THROTTLE_MS } from '../../../../domain/live-events';

/** Past this many typists at once, forgotten ones are swept before a new one is added. */
const SWEEP_AT = 10_000;

/**
 * At most one typing event per typist (a visitor, an operator in a dialog) per TYPING_THROTTLE_MS,
 * whatever their browser sends: typing is chatter, and every event is a NOTIFY to every web server.
 * Counted in this process's memory: behind N web servers a typist may publish up to N × as often,
 * which only refreshes the same indicator.
 */
export function createTypingThrottle(intervalMs = TYPING_THROTTLE_MS) {
  const lastPublished = new Map<string, number>();
  return {
    /** True when `typist` may publish now (and it is counted as published). */
    admit(typist: string, now = Date.now()): boolean {
      const last = lastPublished.get(typist);
      if (last !== undefined && now - last < intervalMs) return false;
      if (lastPublished.size >= SWEEP_AT) {
        for (const [key, at] of lastPublished) if (now - at >= intervalMs) lastPublished.delete(key);
      }
      lastPublished.set(typist, now);
      return true;
    },
  };
}

export type TypingThrottle = ReturnType<typeof createTypingThrottle>;

/** The server process's one throttle, shared by the widget's and the inbox's typing endpoints. */
export const typingThrottle: TypingThrottle = createTypingThrottle();
