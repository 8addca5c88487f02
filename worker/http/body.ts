/**
 * The one request-body reader: bytes are counted as they arrive and reading stops as soon as the cap is
 * passed, so a body without `Content-Length` (chunked) is never held whole before its size is known.
 * Oversize input is `too_large` (413); malformed JSON is `bad_request` (400); neither is a crash.
 */
import { ParleyError } from '../errors';

const tooLarge = (maxBytes: number) => new ParleyError('too_large', `Request body is over ${maxBytes} bytes.`);

/** A request's or response's headers and body: what the capped reader needs. */
export interface Readable {
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * The body as text, refused with `refuse()` (default `too_large`, "Request body is over …") once more than
 * `maxBytes` bytes have been declared or read; the rest is never read.
 */
export async function readBodyText(msg: Readable, maxBytes: number, refuse: () => Error = () => tooLarge(maxBytes)): Promise<string> {
  const declared = Number(msg.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await msg.body?.cancel().catch(() => undefined);
    throw refuse();
  }
  if (!msg.body) return '';
  const reader = msg.body.getReader();
  const decoder = new TextDecoder();
  let read = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ParleyError('bad_request', 'Request body is not valid JSON.');
  }
}

/** Read a JSON body with a byte cap; an empty body is malformed JSON. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  return parseJson(await readBodyText(req, maxBytes));
}

/** Like `readJsonBody`, but an empty (or blank) body is `undefined`: for routes whose body is optional. */
export async function readOptionalJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  return text.trim() ? parseJson(text) : undefined;
}
