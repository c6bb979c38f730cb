import { RateLimitError } from '../../../../domain/errors';

/**
 * How many live streams (SSE) may be open at once: per visitor, so one page cannot hold the
 * server's connections, and in total. Both are counted in this server process's memory: a
 * deployment of N web servers allows N × total, and a visitor spread over several servers by a
 * load balancer N × perVisitor — an open stream is a connection to one process, so the process is
 * what runs out.
 */
export interface StreamCaps {
  perVisitor: number;
  total: number;
}

export const DEFAULT_STREAM_CAPS: StreamCaps = { perVisitor: 5, total: 2_000 };

/** A refused stream is not retried sooner than this; streams of closed tabs go within a heartbeat. */
const RETRY_AFTER_SECONDS = 30;

export interface StreamRegistry {
  /** Counts an opening stream; returns its release. Throws RateLimitError when a cap is reached. */
  open(visitorKey: string): () => void;
}

export function createStreamRegistry(caps: StreamCaps = DEFAULT_STREAM_CAPS): StreamRegistry {
  const perVisitor = new Map<string, number>();
  let total = 0;
  return {
    open(visitorKey) {
      const mine = perVisitor.get(visitorKey) ?? 0;
      if (mine >= caps.perVisitor) {
        throw new RateLimitError(
          `Too many live connections for this chat visitor: the limit is ${caps.perVisitor} at once (close other tabs with this chat). Try again in ${RETRY_AFTER_SECONDS} seconds.`,
          RETRY_AFTER_SECONDS,
        );
      }
      if (total >= caps.total) {
        throw new RateLimitError(
          `The chat server has too many live connections: the limit is ${caps.total} at once per server. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
          RETRY_AFTER_SECONDS,
        );
      }
      perVisitor.set(visitorKey, mine + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (perVisitor.get(visitorKey) ?? 1) - 1;
        if (left > 0) perVisitor.set(visitorKey, left);
        else perVisitor.delete(visitorKey);
      };
    },
  };
}
