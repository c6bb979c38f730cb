import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { handleStream } from '../../web/server/channels/widget/stream';

/** The widget's live stream (GET …/stream) read as a browser's EventSource reads it, for the widget tests. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Opens a visitor's stream the way EventSource would and collects its events. */
export async function openWidgetStream(streamDeps: WidgetDeps, token: string, key: string) {
  const abort = new AbortController();
  const response = await handleStream(
    streamDeps,
    new Request(`http://widget.test/api/widget/${key}/stream?token=${encodeURIComponent(token)}`, { signal: abort.signal }),
    key,
  );
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = Promise.resolve();
  if (response.status === 200 && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          comments.push(...lines.filter((l) => l.startsWith(':')));
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          if (data.length > 0) events.push({ event, data: data.join('\n') });
        }
      }
    })();
  }
  return {
    response,
    events,
    comments,
    ended,
    close: () => abort.abort(),
    async waitFor(predicate: (event: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
    },
  };
}
