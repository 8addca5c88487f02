/// <reference types="vite/client" />
/**
 * The isolate's API-key cache: a key used once is remembered for its short TTL, yet a revocation made in
 * this isolate refuses it at once, and one made elsewhere (straight in D1) within the documented 30 s.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { issueApiKey, revokeApiKey, siteForApiKey } from '../../worker/storage/api-keys';

describe('API key cache', () => {
  it('refuses a cached key at once when this isolate revokes it', async () => {
    const t0 = 1_000_000;
    const issued = await issueApiKey(env.DB, 'demo', 'cached', t0);
    expect(await siteForApiKey(env.DB, issued.key, t0)).toBe('demo');
    expect(await revokeApiKey(env.DB, issued.id, t0 + 1)).toBe(true);
    expect(await siteForApiKey(env.DB, issued.key, t0 + 2)).toBeNull();
  });

  it('refuses a key revoked by another isolate once the 30 s TTL has passed', async () => {
    const t0 = 2_000_000;
    const issued = await issueApiKey(env.DB, 'demo', 'elsewhere', t0);
    expect(await siteForApiKey(env.DB, issued.key, t0)).toBe('demo');
    // Another isolate revokes it: D1 changes, this isolate's memory does not hear of it.
    await env.DB.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?')
      .bind(t0 + 1, issued.id)
      .run();
    expect(await siteForApiKey(env.DB, issued.key, t0 + 29_000)).toBe('demo');
    expect(await siteForApiKey(env.DB, issued.key, t0 + 30_001)).toBeNull();
  });

  it('never answers for a key it has not seen from another key it has', async () => {
    const t0 = 3_000_000;
    const a = await issueApiKey(env.DB, 'demo', 'a', t0);
    expect(await siteForApiKey(env.DB, a.key, t0)).toBe('demo');
    expect(await siteForApiKey(env.DB, `${a.key}x`, t0)).toBeNull();
  });
});
