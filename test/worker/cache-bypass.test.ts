import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { isolateCacheMemory } from '../../worker/pipeline/cache';
import { receivedRequests } from '../fixtures/mock-client';
import { deltaText, kvKeys } from './cache-helpers';
import { call, chatRequest, framesOf, mockProvider } from './helpers';

let n = 0;
const ask = (siteKey: string, text: string, extra: Record<string, unknown> = {}) =>
  chatRequest({ siteKey, message: { id: `bp${n++}`, text }, ...extra });

describe('a bypassing request never writes the shared cache entry', () => {
  it('keeps serving the cached reply after a bypassing turn got another one', async () => {
    const mock = await mockProvider({
      calls: [{ reply: 'The shared answer everyone sees.' }, { reply: 'A reply only the bypasser asked for.' }],
    });
    const q = `Is the bypass lantern lamp sold in Peru ${Date.now().toString(36)}?`;
    const before = new Set(await kvKeys(`site/${mock.siteKey}/`));
    expect(deltaText(await framesOf(await call(ask(mock.siteKey, q))))).toBe('The shared answer everyone sees.');
    await vi.waitFor(async () => expect((await kvKeys(`site/${mock.siteKey}/`)).filter((k) => !before.has(k))).toHaveLength(1));
    const [key] = (await kvKeys(`site/${mock.siteKey}/`)).filter((k) => !before.has(k));

    const bypassed = await call(ask(mock.siteKey, q, { cache: 'bypass' }));
    expect(bypassed.headers.get('x-parley-cache')).toBe('bypass');
    expect(deltaText(await framesOf(bypassed))).toBe('A reply only the bypasser asked for.');
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toHaveLength(2);

    // Give a background write every chance to land, then read from memory and from KV alone.
    await new Promise((r) => setTimeout(r, 100));
    for (const fromKvOnly of [false, true]) {
      if (fromKvOnly) isolateCacheMemory().lru.deletePrefix('site/');
      const res = await call(ask(mock.siteKey, q));
      expect(res.headers.get('x-parley-cache')).toBe('hit');
      expect(deltaText(await framesOf(res))).toBe('The shared answer everyone sees.');
    }
    expect(JSON.stringify(await env.CACHE.get(key ?? '', 'json'))).toContain('The shared answer everyone sees.');
  });
});
