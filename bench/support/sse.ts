/**
 * Reads a server-sent-events body frame by frame: `onFrame` gets each frame's `event:` name (if
 * any) and `data:` line. Resolves when the stream ends or is aborted.
 */
export async function readSseFrames(body: NonNullable<Response['body']>, onFrame: (frame: { event?: string; data?: string }) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      onFrame({ event: /^event: (.*)$/m.exec(frame)?.[1], data: /^data: (.*)$/m.exec(frame)?.[1] });
    }
  }
}
