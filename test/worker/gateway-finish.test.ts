/** The gateway and DeepSeek's stream: reasoning counts as progress; finishes other than stop/length are never a clean stop. */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../worker/pipeline/gateway/runtime';
import type { Behaviour } from '../fixtures/mock-client';
import { receivedRequests } from '../fixtures/mock-client';
import { fakeGateway, textOf, twoLinks } from './gateway-helpers';
import { call, chatRequest, framesOf } from './helpers';

let n = 0;
const ask = (siteKey: string, text: string, cache: 'default' | 'bypass' = 'default') =>
  chatRequest({ siteKey, message: { id: `gf${n++}`, text }, cache });
const fresh = (topic: string) => `Is the ${topic} lantern lamp sold in Chile ${Date.now().toString(36)}${n++}?`;
/** The mock's `StreamExtras` (test/fixtures/mock-upstream.ts, which workerd code cannot import). */
type StreamExtras = {
  reasoningPaceMs?: number;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'insufficient_system_resource';
};
const calls = (...b: (Behaviour & StreamExtras)[]) => ({ calls: b });

let fake: ReturnType<typeof fakeGateway> | null = null;
afterEach(() => {
  fake?.restore();
  fake = null;
});

describe('reasoning_content counts as progress for the first-token deadline', () => {
  it('lets a chain of thought longer than the deadline finish, with one upstream call and none of it shown', async () => {
    fake = fakeGateway({ firstTokenMs: 300 });
    const reasoning = 'the visitor asks about lanterns so I should check the catalogue first then answer';
    const m = await twoLinks(calls({ reasoning, reasoningPaceMs: 60, reply: 'Yes, it ships to Chile.' }));
    const frames = await framesOf(await call(ask(m.siteKey, fresh('reasoning'), 'bypass')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'done', finish: 'stop' });
    expect(textOf(frames)).toBe('Yes, it ships to Chile.');
    expect(JSON.stringify(frames)).not.toContain('catalogue');
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(1);
  });

  it('still times out a stream that sends nothing at all', async () => {
    fake = fakeGateway({ firstTokenMs: 200, retry: { ...DEFAULT_POLICY.retry, maxRetries: 0 } });
    const m = await twoLinks(calls({ hang: true }));
    const frames = await framesOf(await call(ask(m.siteKey, fresh('silent'), 'bypass')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'timeout' });
  });
});

describe('finish reasons other than stop and length', () => {
  it('content_filter ends the turn explicitly, not as a clean stop, and is never cached', async () => {
    const q = fresh('filtered');
    const m = await twoLinks(calls({ reply: 'Part of an answer', finishReason: 'content_filter' }, { reply: 'The whole answer.' }));
    const first = await framesOf(await call(ask(m.siteKey, q)));
    expect(first.at(-1)?.frame).toMatchObject({ type: 'error', code: 'blocked_by_policy' });
    const again = await call(ask(m.siteKey, q));
    expect(again.headers.get('x-parley-cache')).toBe('miss');
    expect(textOf(await framesOf(again))).toBe('The whole answer.');
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(2);
  });

  it('insufficient_system_resource mid-answer is a retryable error, never cached', async () => {
    const q = fresh('resources');
    const m = await twoLinks(calls({ reply: 'Half an', finishReason: 'insufficient_system_resource' }, { reply: 'The whole answer.' }));
    const first = await framesOf(await call(ask(m.siteKey, q)));
    expect(first.at(-1)?.frame).toMatchObject({ type: 'error', code: 'upstream_unavailable', retryable: true });
    const again = await call(ask(m.siteKey, q));
    expect(again.headers.get('x-parley-cache')).toBe('miss');
    expect(textOf(await framesOf(again))).toBe('The whole answer.');
  });

  it('insufficient_system_resource before any text is retried like any upstream failure', async () => {
    fake = fakeGateway();
    const m = await twoLinks(calls({ reply: '', finishReason: 'insufficient_system_resource' }, { reply: 'Answered on the retry.' }));
    const frames = await framesOf(await call(ask(m.siteKey, fresh('retry'), 'bypass')));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'done', finish: 'stop' });
    expect(textOf(frames)).toBe('Answered on the retry.');
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(2);
  });
});
