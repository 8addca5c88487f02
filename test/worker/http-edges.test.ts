/**
 * The edges every route shares: server-minted request ids, the capped streaming body reader (413 as
 * soon as the cap is passed, 400 for malformed JSON) on visitor and admin bodies alike.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { issueApiKey } from '../../worker/storage/api-keys';
import { admin, BOOT, bootEnv } from './admin-helpers';
import { call, ORIGIN } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A streamed body (no Content-Length) of `total` bytes, 1 KiB of spaces per pull; `pulled()` counts the bytes handed out. */
function streamedBody(total: number) {
  let pulled = 0;
  const chunk = new Uint8Array(1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (pulled >= total) return ctl.close();
      pulled += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe('request ids are minted by the server', () => {
  it('ignores a caller-supplied x-request-id and gives each request its own', async () => {
    const res = await call(new Request('http://parley.test/healthz', { headers: { 'x-request-id': 'victim' } }));
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    const again = await call(new Request('http://parley.test/healthz', { headers: { 'x-request-id': 'victim' } }));
    expect(again.headers.get('x-request-id')).toMatch(UUID);
    expect(again.headers.get('x-request-id')).not.toBe(id);
  });

  it('keys audit rows by the server id, so a caller cannot choose or collide with a row key', async () => {
    const { key } = await issueApiKey(env.DB, 'demo', 'request-id test', Date.now());
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call(
        new Request('http://parley.test/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': 'victim' },
          body: JSON.stringify({ model: 'parley-default', messages: [{ role: 'user', content: 'What are your opening hours?' }] }),
        }),
      );
      expect(res.status).toBe(200);
      ids.push(res.headers.get('x-request-id') ?? '');
    }
    expect(ids[0]).not.toBe(ids[1]);
    const { results } = await env.DB.prepare('SELECT request_id FROM audit_turns WHERE request_id IN (?, ?, ?)')
      .bind('victim', ids[0], ids[1])
      .all<{ request_id: string }>();
    expect(results.map((r) => r.request_id).sort()).toEqual([...ids].sort());
  });
});

describe('request bodies are read with a cap, as a stream', () => {
  it('refuses a chat body without Content-Length with 413 once past the cap, without reading the rest', async () => {
    const { body, pulled } = streamedBody(4 * 1024 * 1024);
    const res = await call(
      new Request('http://parley.test/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'too_large' } });
    expect(pulled()).toBeLessThan(32 * 1024);
  });

  it('caps a streamed site config at 1 MiB, without reading the rest', async () => {
    const { body, pulled } = streamedBody(8 * 1024 * 1024);
    const res = await call(
      new Request('http://parley.test/admin/api/sites/demo', {
        method: 'PUT',
        headers: { authorization: `Bearer ${BOOT}`, 'content-type': 'application/json' },
        body,
      }),
      bootEnv,
    );
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThan(1100 * 1024);
  });

  it('answers malformed JSON with 400 bad_request on publish, validate and key issue, not 500', async () => {
    for (const [method, path] of [
      ['POST', '/sites/demo/publish'],
      ['POST', '/sites/demo/validate'],
      ['POST', '/sites/demo/api-keys'],
      ['PUT', '/sites/demo/ops'],
    ] as const) {
      const res = await call(
        new Request(`http://parley.test/admin/api${path}`, {
          method,
          headers: { authorization: `Bearer ${BOOT}`, 'content-type': 'application/json' },
          body: '{"note": ',
        }),
        bootEnv,
      );
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request', message: 'Request body is not valid JSON.' } });
    }
  });

  it('still publishes with an empty body or a note', async () => {
    expect((await admin('POST', '/sites/demo/publish', BOOT)).status).toBe(200);
    const noted = await admin('POST', '/sites/demo/publish', BOOT, { note: 'from the body test' });
    expect(noted.status).toBe(200);
    const { versions } = (await (await admin('GET', '/sites/demo/versions', BOOT)).json()) as { versions: { note: string | null }[] };
    expect(versions.some((v) => v.note === 'from the body test')).toBe(true);
  });
});
