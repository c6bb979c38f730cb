import { AppError } from '../../../domain/errors';

/**
 * The body as text, refused with 413 as soon as it passes `maxBytes`: a declared Content-Length
 * over the limit is refused unread, and a chunked body is counted while it streams in, so an
 * oversized upload is never held in memory whole.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `body: must be at most ${maxBytes / 1024} kB (${maxBytes} bytes) of JSON; send a shorter message`, 'body');
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes, tooLarge));
}

/** The body's exact bytes (signatures are computed over them), refused like readBodyText past `maxBytes`. */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `body: must be at most ${maxBytes} bytes`, 'body'),
): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
