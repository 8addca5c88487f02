/** The coarse per-network brake at the door of the visitor API (Rate Limiting binding, 300/min per address). */
import { describe, expect, it } from 'vitest';
import { call, ORIGIN } from './helpers';

const LIMIT = 300; // wrangler.toml [[ratelimits]] CLIENT_RATE

const poke = (ip: string) =>
  call(
    new Request('http://parley.test/v1/feedback', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN, 'cf-connecting-ip': ip },
      body: '{}',
    }),
  );

describe('per-network brake', () => {
  it('refuses one address past the limit with rate_limited and Retry-After, and not another address', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < LIMIT; i++) expect((await poke(ip)).status).toBe(400); // counted, then refused for its body
    const refused = await poke(ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN); // the widget can read why
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', retryable: true } });
    const chat = await call(
      new Request('http://parley.test/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': ip },
        body: JSON.stringify({ siteKey: 'demo', message: { id: 'm', text: 'hi' } }),
      }),
    );
    expect(chat.status).toBe(429);
    expect((await poke('198.51.100.7')).status).toBe(400);
  });

  it('does not count loopback callers (local runs, load tests)', async () => {
    for (let i = 0; i < LIMIT + 5; i++) expect((await poke('127.0.0.1')).status).toBe(400);
    expect((await poke('::1')).status).toBe(400);
  });
});
