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
 * The body's bytes, refused with `refuse()` (default `too_large`, "Request body is over …") once more than
 * `maxBytes` bytes have been declared or read; the rest is never read.
 */
export async function readBodyBytes(msg: Readable, maxBytes: number, refuse: () => Error = () => tooLarge(maxBytes)): Promise<Uint8Array> {
  if (Number(msg.headers.get('content-length') ?? '0') > maxBytes) {
    await msg.body?.cancel().catch(() => undefined);
    throw refuse();
  }
  if (!msg.body) return new Uint8Array();
  const reader = msg.body.getReader();
  const parts: Uint8Array[] = [];
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    parts.push(value);
  }
  const out = new Uint8Array(read);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The body as text, under the same cap as `readBodyBytes`. */
export async function readBodyText(msg: Readable, maxBytes: number, refuse?: () => Error): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(msg, maxBytes, refuse));
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
