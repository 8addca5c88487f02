import { describe, expect, it } from 'vitest';
import { ClientFrame, ServerFrame } from '../../shared/protocol';
import { call } from './helpers';

const get = (path: string, headers: Record<string, string> = {}) => call(new Request(`http://parley.test${path}`, { headers }));

describe('public routes', () => {
  it('GET /healthz', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('GET /v1/protocol.json is the JSON Schema generated from the zod frames', async () => {
    const res = await get('/v1/protocol.json');
    const schema = (await res.json()) as {
      version: number;
      clientFrame: { oneOf?: unknown[]; anyOf?: unknown[] };
      serverFrame: { oneOf?: unknown[]; anyOf?: unknown[] };
    };
    expect(schema.version).toBe(2);
    const variants = (s: { oneOf?: unknown[]; anyOf?: unknown[] }) => (s.oneOf ?? s.anyOf ?? []).length;
    expect(variants(schema.clientFrame)).toBe(ClientFrame.options.length);
    expect(variants(schema.serverFrame)).toBe(ServerFrame.options.length);
    // Protocol 2: ready hands out the conversation token, hello and the HTTP bodies carry it back.
    expect(JSON.stringify(schema.serverFrame)).toContain('conversationToken');
    expect(JSON.stringify(schema.clientFrame)).toContain('conversationToken');
  });

  it('GET /widget.js serves the built bundle with a content-hash ETag, long cache and 304 on revalidation', async () => {
    const res = await get('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=3600/);
    const etag = res.headers.get('etag');
    const version = res.headers.get('x-parley-widget-version');
    expect(etag).toBe(`"${version}"`);
    expect((await res.text()).length).toBeGreaterThan(1000);
    expect((await get('/widget.js', { 'if-none-match': etag ?? '' })).status).toBe(304);
    const pinned = await get(`/widget.${version}.js`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toMatch(/immutable/);
    expect((await get('/widget.0123456789ab.js')).status).toBe(404);
  });

  it('GET / is a shop page embedding the widget exactly as a site owner would', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('<script src="/widget.js" data-site-key="demo" async></script>');
    expect(html).toMatch(/[\u4e00-\u9fff]/);
  });

  it('unknown routes get a typed 404', async () => {
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
