/** The shared HTTP helpers: bearer tokens, zod problems as typed errors, and the capped streaming body reader. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearerToken } from '../../worker/http/bearer';
import { readBodyText, readJsonBody, readOptionalJsonBody } from '../../worker/http/body';
import { invalidInput, parseInput } from '../../worker/http/validation';

describe('bearerToken', () => {
  it.each([
    ['Bearer pat_abc', 'pat_abc'],
    ['bearer pat_abc', 'pat_abc'],
    ['BEARER   pat_abc  ', 'pat_abc'],
    ['Bearer a.b-c_d=', 'a.b-c_d='],
    ['  Bearer tok', 'tok'],
    ['Bearer two words', 'two words'],
    ['Bearer', undefined],
    ['Bearer    ', undefined],
    ['Bearerpat_abc', undefined],
    ['Basic dXNlcjpwYXNz', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

const Body = z.object({ siteKey: z.string().min(1), text: z.string().max(5), tags: z.array(z.string()).optional() });

describe('zod problems as ParleyError', () => {
  it('names every problem by its path, root issues by the root name', () => {
    const r = Body.safeParse({ siteKey: '', text: 7, tags: ['ok', 3] });
    expect(r.success).toBe(false);
    if (r.success) return;
    const e = invalidInput(r.error);
    expect(e.code).toBe('bad_request');
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^siteKey: .+; text: .+; tags\.1: .+$/);
    const root = z.object({}).safeParse('nope');
    if (root.success) throw new Error('a string is not an object');
    expect(invalidInput(root.error, { root: 'frame', lead: 'Invalid frame: ' }).message).toMatch(/^Invalid frame: frame: /);
  });

  it('answers too_large for an oversize value only when asked to', () => {
    const r = Body.safeParse({ siteKey: 'demo', text: 'far too long' });
    if (r.success) throw new Error('text is over 5 characters');
    expect(invalidInput(r.error).code).toBe('bad_request');
    expect(invalidInput(r.error, { oversize: true }).code).toBe('too_large');
    expect(invalidInput(r.error, { oversize: true }).status).toBe(413);
  });

  it('parseInput returns the parsed value or throws the typed error', () => {
    expect(parseInput(Body, { siteKey: 'demo', text: 'hi' })).toEqual({ siteKey: 'demo', text: 'hi' });
    expect(() => parseInput(Body, { siteKey: 'demo' })).toThrow(/text: /);
  });
});

const enc = new TextEncoder();

/** A request whose body is a stream (no Content-Length); `pulled()` is how many bytes the reader asked for. */
function streamed(chunks: Iterable<Uint8Array>) {
  let pulled = 0;
  const it = chunks[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      const next = it.next();
      if (next.done) return ctl.close();
      pulled += next.value.byteLength;
      ctl.enqueue(next.value);
    },
  });
  const req = new Request('http://parley.test/x', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { req, pulled: () => pulled };
}

function* endless(chunk: Uint8Array) {
  for (;;) yield chunk;
}

describe('readBodyText: streamed with a cap', () => {
  it('refuses an endless body without Content-Length as soon as the cap is passed', async () => {
    const { req, pulled } = streamed(endless(new Uint8Array(1024).fill(0x20)));
    await expect(readBodyText(req, 16 * 1024)).rejects.toMatchObject({ code: 'too_large' });
    expect(pulled()).toBeLessThan(20 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const req = new Request('http://parley.test/x', { method: 'POST', body: 'x'.repeat(10), headers: { 'content-length': '99999' } });
    await expect(readBodyText(req, 1024)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('counts bytes, not characters, and decodes a character split across chunks', async () => {
    const bytes = enc.encode('"茶"');
    const { req } = streamed([bytes.slice(0, 2), bytes.slice(2)]);
    expect(await readBodyText(req, 5)).toBe('"茶"');
    const over = streamed([enc.encode('"茶茶"')]);
    await expect(readBodyText(over.req, 5)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('answers malformed JSON with bad_request, and an empty optional body with undefined', async () => {
    const bad = new Request('http://parley.test/x', { method: 'POST', body: '{"note":' });
    await expect(readJsonBody(bad, 1024)).rejects.toMatchObject({ code: 'bad_request', status: 400 });
    await expect(readJsonBody(new Request('http://parley.test/x', { method: 'POST', body: '' }), 1024)).rejects.toMatchObject({
      code: 'bad_request',
    });
    expect(await readOptionalJsonBody(new Request('http://parley.test/x', { method: 'POST', body: '  ' }), 1024)).toBeUndefined();
    expect(await readOptionalJsonBody(new Request('http://parley.test/x', { method: 'POST', body: '{"a":1}' }), 1024)).toEqual({ a: 1 });
  });
});
