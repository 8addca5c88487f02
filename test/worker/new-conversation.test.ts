/**
 * New conversations are limited per client address (`CF-Connecting-IP`, the NEW_CONVERSATION_RATE binding),
 * whatever visitor id the client claims; and a site may ask for a Cloudflare Turnstile token on each new
 * conversation, checked server-side against siteverify (here a faithful fake on 127.0.0.1).
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerEnv } from '../../worker/env';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { call, chatRequest, ORIGIN, publishSite } from './helpers';

const LIMIT = 20; // wrangler.toml [[ratelimits]] NEW_CONVERSATION_RATE
let n = 0;
const randomIp = () => `198.18.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
const ask = (siteKey: string, ip: string, extra: Record<string, string> = {}, body: Record<string, unknown> = {}) =>
  call(
    chatRequest(
      { siteKey, visitorId: `visitor-${n}`, message: { id: `nc${n++}`, text: 'payment options' }, ...body },
      { origin: ORIGIN, 'cf-connecting-ip': ip, ...extra },
    ),
  );
const wsOpen = (siteKey: string, ip: string, query = '') =>
  call(
    new Request(`http://parley.test/v1/ws?siteKey=${siteKey}${query}`, {
      headers: { upgrade: 'websocket', origin: ORIGIN, 'cf-connecting-ip': ip },
    }),
  );

afterEach(() => {
  vi.restoreAllMocks();
});

describe('new conversations per client address', () => {
  it('refuses an address past the limit with rate_limited and retryAfter, over SSE and WebSocket, not another address', async () => {
    const ip = randomIp();
    for (let i = 0; i < LIMIT; i++) {
      const res = await ask('demo', ip);
      expect(res.status).toBe(200);
      await res.text();
    }
    const refused = await ask('demo', ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', retryable: true, retryAfter: 60 } });
    expect((await wsOpen('demo', ip)).status).toBe(429);
    const other = await ask('demo', randomIp());
    expect(other.status).toBe(200);
    await other.text();
  });
});

const workerEnv = env as WorkerEnv;
/** The fake's base URL (vitest.worker.config.ts points TURNSTILE_VERIFY_URL at it). */
const turnstileUrl = new URL(workerEnv.TURNSTILE_VERIFY_URL ?? '').origin;
async function issue(hostname: string, action = ''): Promise<string> {
  const res = await fetch(`${turnstileUrl}/__issue`, { method: 'POST', body: new URLSearchParams({ hostname, action }) });
  return ((await res.json()) as { token: string }).token;
}
const received = async () => (await (await fetch(`${turnstileUrl}/__requests`)).json()) as Record<string, string>[];

describe('Turnstile on new conversations (optional, per site)', () => {
  const key = 'turnstile-shop';
  const ready = publishSite({ ...DEMO_SITE, key, origins: [ORIGIN], turnstile: { enabled: true } });

  it('refuses a new conversation without a token, or with a spent or foreign one; admits a fresh one', async () => {
    await ready;
    const ip = randomIp();
    const missing = await ask(key, ip);
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'forbidden' } });

    const good = await issue('localhost');
    const admitted = await ask(key, ip, { 'cf-turnstile-response': good });
    expect(admitted.status).toBe(200);
    await admitted.text();
    const call0 = (await received()).find((r) => r.response === good);
    expect(call0).toMatchObject({ secret: workerEnv.TURNSTILE_SECRET, response: good, remoteip: ip });

    const replay = await ask(key, ip, { 'cf-turnstile-response': good });
    expect(replay.status).toBe(403); // siteverify: timeout-or-duplicate

    const elsewhere = await ask(key, ip, { 'cf-turnstile-response': await issue('evil.example') });
    expect(elsewhere.status).toBe(403); // solved on a hostname the site does not allow

    expect((await ask(key, ip, { 'cf-turnstile-response': 'made-up' })).status).toBe(403);
  });

  it('the WebSocket takes the token as ?turnstile=', async () => {
    await ready;
    const ip = randomIp();
    expect((await wsOpen(key, ip)).status).toBe(403);
    const res = await wsOpen(key, ip, `&turnstile=${encodeURIComponent(await issue('localhost'))}`);
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close();
  });

  it('sites without Turnstile never call siteverify', async () => {
    const before = (await received()).length;
    const res = await ask('demo', randomIp());
    expect(res.status).toBe(200);
    await res.text();
    expect((await received()).length).toBe(before);
  });

  it('fails closed when the deployment has no TURNSTILE_SECRET, naming it in the log', async () => {
    await ready;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await call(
      chatRequest(
        { siteKey: key, message: { id: 'nosecret', text: 'hi' } },
        { origin: ORIGIN, 'cf-connecting-ip': randomIp(), 'cf-turnstile-response': await issue('localhost') },
      ),
      { TURNSTILE_SECRET: undefined },
    );
    expect(res.status).toBe(500);
    expect(errors.mock.calls.some((args) => String(args[0]).includes('TURNSTILE_SECRET'))).toBe(true);
  });
});
