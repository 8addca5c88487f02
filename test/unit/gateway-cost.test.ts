import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { costUsd, estimateTokens, priceOf, turnUsage } from '../../worker/pipeline/gateway/pricing';
import { oauth2TokenSource } from '../../worker/providers/auth/oauth2';
import { chainFor, registryFor } from '../../worker/providers/registry';
import { parseWorkersAiChunk, workersAi } from '../../worker/providers/workers-ai';
import { DEMO_SITE } from '../../worker/seed/demo-site';

describe('cost', () => {
  it('prices DeepSeek cache-hit tokens at the cache-hit rate', () => {
    const price = priceOf('deepseek-chat');
    // 1M input of which 800k cache hits, 1M output.
    expect(costUsd({ inputTokens: 1_000_000, cachedInputTokens: 800_000, outputTokens: 1_000_000 }, price)).toBeCloseTo(
      0.2 * 0.28 + 0.8 * 0.028 + 0.42,
      10,
    );
  });
  it('site overrides beat the default table; unknown models cost 0', () => {
    expect(priceOf('deepseek-chat', { 'deepseek-chat': { input: 1, cachedInput: 1, output: 1 } })?.input).toBe(1);
    expect(costUsd({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 10 }, priceOf('no-such-model'))).toBe(0);
  });
  it.each([
    ['', 0],
    ['abcd', 1],
    ['hello world!', 3],
    ['退款多久能到账', 7],
  ])('estimateTokens(%j) = %i', (text, n) => expect(estimateTokens(text)).toBe(n));
  it('without a usage chunk the usage is estimated from the text and marked so', () => {
    const u = turnUsage(null, [{ role: 'user', content: 'abcdabcd' }], 'abcdabcdabcd', 'deepseek-chat');
    expect(u).toMatchObject({ inputTokens: 6, outputTokens: 3, cachedInputTokens: 0, estimated: true });
    expect(u.costUsd).toBeGreaterThan(0);
    expect(turnUsage({ inputTokens: 5, outputTokens: 2, cachedInputTokens: 1 }, [], 'x', 'faq').estimated).toBe(false);
  });
});

describe('tier chains from the environment', () => {
  const site = SiteConfig.parse(DEMO_SITE);
  it('with no keys every tier is the faq responder (npm start works offline)', () => {
    const reg = registryFor({});
    for (const tier of ['fast', 'default', 'premium'] as const) {
      expect(chainFor(reg, site, tier).map((l) => [l.provider.id, l.model])).toEqual([['faq', 'faq']]);
    }
  });
  it('DeepSeek first (chat for fast/default, reasoner for premium), SiliconFlow second, OpenAI-compatible after', () => {
    const reg = registryFor({
      DEEPSEEK_API_KEY: 'a',
      SILICONFLOW_API_KEY: 'b',
      OPENAI_BASE_URL: 'http://x',
      OPENAI_API_KEY: 'c',
      OPENAI_MODEL: 'm',
    });
    expect(chainFor(reg, site, 'default').map((l) => `${l.provider.id}:${l.model}`)).toEqual([
      'deepseek:deepseek-chat',
      'siliconflow:deepseek-ai/DeepSeek-V3',
      'openai:m',
    ]);
    expect(chainFor(reg, site, 'premium').map((l) => l.model)).toEqual(['deepseek-reasoner', 'deepseek-ai/DeepSeek-R1', 'm']);
  });
  it('a site chain skips unconfigured providers, clamps max_tokens, and falls back to faq when nothing is left', () => {
    const custom = SiteConfig.parse({
      ...DEMO_SITE,
      maxTokens: 300,
      tiers: {
        fast: [{ provider: 'groq', model: 'llama' }],
        default: [
          { provider: 'siliconflow', model: 'Qwen', params: { maxTokens: 5000, temperature: 0.3 } },
          { provider: 'deepseek', model: 'deepseek-chat', params: { maxTokens: 100 } },
        ],
        premium: [{ provider: 'deepseek', model: 'deepseek-reasoner' }],
      },
    });
    const reg = registryFor({ DEEPSEEK_API_KEY: 'a', SILICONFLOW_API_KEY: 'b' });
    expect(chainFor(reg, custom, 'default').map((l) => l.params)).toEqual([{ maxTokens: 300, temperature: 0.3 }, { maxTokens: 100 }]);
    expect(chainFor(reg, custom, 'fast').map((l) => l.provider.id)).toEqual(['faq']);
  });
  it('rejects an invalid chain in config', () => {
    expect(SiteConfig.safeParse({ ...DEMO_SITE, tiers: { fast: [], default: [], premium: [] } }).success).toBe(false);
  });
});

describe('OAuth2 client-credentials token cache (fake clock)', () => {
  it('fetches once, reuses until 10 minutes before expiry, then refreshes; concurrent callers share one fetch', async () => {
    const clock = { t: 0 };
    let calls = 0;
    const bodies: string[] = [];
    const fakeFetch = (async (_url: string, init?: RequestInit) => {
      calls++;
      bodies.push(String(init?.body));
      return new Response(JSON.stringify({ access_token: `tok${calls}`, expires_in: 3600 }), {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const src = oauth2TokenSource(
      { tokenUrl: 'https://auth/token', clientId: 'id', clientSecret: 'secret', scope: 'llm' },
      { fetch: fakeFetch, now: () => clock.t },
    );
    expect(await Promise.all([src.token(), src.token()])).toEqual(['tok1', 'tok1']);
    expect(calls).toBe(1);
    expect(bodies[0]).toBe('grant_type=client_credentials&scope=llm');
    clock.t = 49 * 60_000;
    expect(await src.token()).toBe('tok1');
    clock.t = 50 * 60_000;
    expect(await src.token()).toBe('tok2');
    expect(calls).toBe(2);
  });
  it('a refused token request is a typed error without the secret', async () => {
    const src = oauth2TokenSource(
      { tokenUrl: 'https://auth/token', clientId: 'id', clientSecret: 'hunter2' },
      { fetch: (async () => new Response('nope hunter2', { status: 401 })) as typeof fetch, now: () => 0 },
    );
    await expect(src.token()).rejects.toMatchObject({ code: 'upstream_error', retryable: false });
    await expect(src.token()).rejects.not.toMatchObject({ message: expect.stringContaining('hunter2') });
  });
});

describe('Workers AI adapter', () => {
  it('parses response pieces and the final usage', () => {
    expect(parseWorkersAiChunk('{"response":"Hi"}')).toEqual([{ type: 'text', text: 'Hi' }]);
    expect(parseWorkersAiChunk('{"response":"","usage":{"prompt_tokens":3,"completion_tokens":2}}')).toEqual([
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0 } },
    ]);
    expect(() => parseWorkersAiChunk('{"resp')).toThrow();
  });
  it('streams through a binding', async () => {
    const sse =
      'data: {"response":"Hel"}\n\ndata: {"response":"lo"}\n\ndata: {"response":"","usage":{"prompt_tokens":3,"completion_tokens":2}}\n\ndata: [DONE]\n\n';
    const seen: unknown[] = [];
    const ai = {
      run: async (model: string, inputs: Record<string, unknown>) => {
        seen.push([model, inputs.stream, inputs.max_tokens]);
        return new Response(sse).body;
      },
    };
    const out = [];
    const ctx = { fetch, site: SiteConfig.parse(DEMO_SITE), signal: new AbortController().signal };
    for await (const c of workersAi(ai).stream(
      { model: '@cf/meta/llama', messages: [{ role: 'user', content: 'hi' }], params: { maxTokens: 50 } },
      ctx,
    ))
      out.push(c);
    expect(seen).toEqual([['@cf/meta/llama', true, 50]]);
    expect(out.filter((c) => c.type === 'text').map((c) => (c.type === 'text' ? c.text : ''))).toEqual(['Hel', 'lo']);
    expect(out.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});
