import { ParleyError } from '../errors';

/** Read a JSON body with a byte cap; malformed or oversize input is a typed error, never a crash. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ParleyError('too_large', `Request body is over ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes) throw new ParleyError('too_large', `Request body is over ${maxBytes} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ParleyError('bad_request', 'Request body is not valid JSON.');
  }
}
