/**
 * The gateway fault matrix: each case drives the Worker against the mock upstream and asserts both
 * what the client saw and what the upstream received. Time is a fake clock wherever the gateway waits.
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { isolateGateway } from '../../worker/pipeline/gateway/runtime';
import { receivedRequests, setScenario } from '../fixtures/mock-client';
import { fakeGateway, textOf, twoLinks, typesOf } from './gateway-helpers';
import { call, chatRequest, framesOf } from './helpers';

// The reply cache is bypassed: these cases are about what reaches the upstream on every call.
const ask = (siteKey: string, id: string, text = 'Where is my order?') => chatRequest({ siteKey, message: { id, text }, cache: 'bypass' });
let fake: ReturnType<typeof fakeGateway> | null = null;
afterEach(() => {
  fake?.restore();
  fake = null;
});

/** The breaker state last reported to D1 for a provider and model, once it reads `want` (written after the turn). */
async function reportedState(provider: string, model: string, want: string): Promise<string | null> {
  const read = async () =>
    (
      await env.DB.prepare('SELECT state FROM breaker_reports WHERE provider = ? AND model = ?')
        .bind(provider, model)
        .first<{ state: string }>()
    )?.state ?? null;
  for (let i = 0; i < 100; i++) {
    if ((await read()) === want) return want;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

describe('gateway fault matrix (Worker ↔ mock upstream)', () => {
  it('429 with Retry-After: 2 → one retry after ≥ 2 s, one answer', async () => {
    fake = fakeGateway();
    const reply = 'Your parcel is on its way.';
    const m = await twoLinks({ calls: [{ status: 429, retryAfter: '2' }, { reply }] });
    const frames = await framesOf(await call(ask(m.siteKey, 'r1')));
    expect(typesOf(frames).filter((t) => t === 'meta')).toHaveLength(1);
    expect(textOf(frames)).toBe(reply);
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'done', finish: 'stop' });
    expect(fake.clock.slept).toEqual([2000]);
    const got = await receivedRequests(env.MOCK_UPSTREAM, m.a);
    expect(got).toHaveLength(2);
    expect(got[0]?.headers.authorization).toBe('Bearer sk-deepseek-test');
  });

  it('insufficient_quota → no retry, a typed non-retryable error', async () => {
    fake = fakeGateway();
    const m = await twoLinks({ calls: [{ status: 429, errorCode: 'insufficient_quota' }, { reply: 'never' }] });
    const frames = await framesOf(await call(ask(m.siteKey, 'q1')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'upstream_error', retryable: false });
    expect(frames.at(-1)?.frame.type === 'error' && frames.at(-1)?.frame).not.toHaveProperty('message', expect.stringContaining('sk-'));
    expect(fake.clock.slept).toEqual([]);
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(1);
  });

  it('first link down → the second answers and meta names it', async () => {
    fake = fakeGateway();
    const m = await twoLinks({ calls: [{ status: 503 }] }, { calls: [{ reply: 'From the second link.' }] });
    const frames = await framesOf(await call(ask(m.siteKey, 'f1')));
    expect(frames[0]?.frame).toMatchObject({ type: 'meta', provider: 'siliconflow', model: m.b, tier: 'default' });
    expect(textOf(frames)).toBe('From the second link.');
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'done' });
    // Link 1 got its first attempt plus the retries (backoff on the fake clock), link 2 one request.
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(1 + isolateGateway.policy.retry.maxRetries);
    expect(fake.clock.slept).toHaveLength(isolateGateway.policy.retry.maxRetries);
    const [second] = await receivedRequests(env.MOCK_UPSTREAM, m.b);
    expect(second?.headers.authorization).toBe('Bearer sk-siliconflow-test');
    expect(second?.body).toMatchObject({ model: m.b });
  });

  it('failure after the first delta → an error frame, no fallback, no duplicated prefix', async () => {
    fake = fakeGateway();
    const m = await twoLinks(
      { calls: [{ reply: 'one two three four five', dropAfterChunks: 2 }] },
      { calls: [{ reply: 'fallback text' }] },
    );
    const frames = await framesOf(await call(ask(m.siteKey, 'd1')));
    expect(frames[0]?.frame).toMatchObject({ type: 'meta', provider: 'deepseek' });
    expect(textOf(frames)).toBe('one two ');
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', retryable: true });
    expect(typesOf(frames).filter((t) => t === 'done')).toEqual([]);
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(1);
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.b)).toHaveLength(0);
  });

  it('only keep-alives → the absolute first-token deadline fires and the upstream is abandoned', async () => {
    fake = fakeGateway({ firstTokenMs: 300, retry: { ...isolateGateway.policy.retry, maxRetries: 0 } });
    const m = await twoLinks({ calls: [{ hang: true, keepAliveMs: 40 }] });
    const frames = await framesOf(await call(ask(m.siteKey, 'k1')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'timeout', retryable: true });
    expect(textOf(frames)).toBe('');
    const got = await receivedRequests(env.MOCK_UPSTREAM, m.a);
    expect(got).toHaveLength(1);
    await expect.poll(async () => (await receivedRequests(env.MOCK_UPSTREAM, m.a))[0]?.aborted, { timeout: 5000 }).toBe(true);
  });

  it('malformed chunk → a typed upstream_error, retried before any delta was sent', async () => {
    fake = fakeGateway({ retry: { ...isolateGateway.policy.retry, maxRetries: 1 } });
    const m = await twoLinks({ calls: [{ reply: 'one two', malformedAfterChunks: 0 }] });
    const frames = await framesOf(await call(ask(m.siteKey, 'x1')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'upstream_error' });
    expect(textOf(frames)).toBe('');
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(2);
  });

  it('50% 5xx → the breaker opens, later calls skip the link at once, probes close it again', async () => {
    fake = fakeGateway({ retry: { ...isolateGateway.policy.retry, maxRetries: 0 } });
    const flaky = { calls: [{ status: 502 }, { reply: 'ok from one' }, { status: 502 }, { reply: 'ok from one' }, { status: 502 }] };
    const m = await twoLinks(flaky, { calls: [{ reply: 'ok from two' }] });
    const served: string[] = [];
    for (let i = 0; i < 5; i++) {
      const frames = await framesOf(await call(ask(m.siteKey, `b${i}`)));
      served.push(frames[0]?.frame.type === 'meta' ? frames[0].frame.provider : '?');
    }
    // 502, ok, 502, ok, 502: the 5th outcome makes 3/5 failures → open.
    expect(served).toEqual(['siliconflow', 'deepseek', 'siliconflow', 'deepseek', 'siliconflow']);
    const key = (s: { provider: string; model: string; key: string }) => s.provider === 'deepseek' && s.key.includes(m.a);
    expect(isolateGateway.breakers.statuses().find(key)).toMatchObject({ state: 'open', calls: 5, failures: 3 });
    // The turn reported the trip to D1, so an admin on any isolate sees it (conversations run in Durable Objects).
    expect(await reportedState('deepseek', m.a, 'open')).toBe('open');

    const before = (await receivedRequests(env.MOCK_UPSTREAM, m.a)).length;
    const t0 = Date.now();
    const frames = await framesOf(await call(ask(m.siteKey, 'b-open')));
    expect(Date.now() - t0).toBeLessThan(50 + 1000); // the skip itself is instant; the slack is for the second link's stream
    expect(frames[0]?.frame).toMatchObject({ type: 'meta', provider: 'siliconflow' });
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(before);

    // 30 s later the link is healthy again: 5 half-open probes go to it and close the breaker.
    fake.clock.now += 30_000;
    await setScenario(env.MOCK_UPSTREAM, m.a, { calls: [{ reply: 'ok from one' }] });
    for (let i = 0; i < 5; i++) {
      const probe = await framesOf(await call(ask(m.siteKey, `p${i}`)));
      expect(probe[0]?.frame).toMatchObject({ type: 'meta', provider: 'deepseek' });
    }
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(5);
    expect(isolateGateway.breakers.statuses().find(key)).toMatchObject({ state: 'closed', opened: 1 });
    expect(await reportedState('deepseek', m.a, 'closed')).toBe('closed');
  });
});
