/** Usage and cost reach the client in `done`: from the final usage chunk, or estimated and marked so. */
import { describe, expect, it } from 'vitest';
import { twoLinks } from './gateway-helpers';
import { call, chatRequest, framesOf } from './helpers';

const ask = (siteKey: string, id: string) => chatRequest({ siteKey, message: { id, text: 'Where is my order?' } });

describe('usage and cost in done', () => {
  it('DeepSeek cache-hit tokens are counted and priced at the cache-hit rate', async () => {
    const m = await twoLinks({
      calls: [{ reply: 'Soon.', usage: { prompt_tokens: 1000, completion_tokens: 100, prompt_cache_hit_tokens: 800 } }],
    });
    const done = (await framesOf(await call(ask(m.siteKey, 'u1')))).at(-1)?.frame;
    expect(done).toMatchObject({ type: 'done', usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 800, estimated: false } });
    const cost = done?.type === 'done' ? done.usage.costUsd : -1;
    expect(cost).toBeCloseTo((200 * 0.28 + 800 * 0.028 + 100 * 0.42) / 1e6, 12);
  });

  it('a stream without a usage chunk gets estimated, marked, non-zero usage and cost', async () => {
    const m = await twoLinks({ calls: [{ reply: 'Your order ships tomorrow morning from our warehouse.', noUsage: true }] });
    const done = (await framesOf(await call(ask(m.siteKey, 'u2')))).at(-1)?.frame;
    expect(done).toMatchObject({ type: 'done', usage: { estimated: true } });
    if (done?.type !== 'done') throw new Error('no done');
    expect(done.usage.outputTokens).toBeGreaterThan(5);
    expect(done.usage.inputTokens).toBeGreaterThan(10);
    expect(done.usage.costUsd).toBeGreaterThan(0);
  });
});
