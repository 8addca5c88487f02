import { describe, expect, it } from 'vitest';
import { type CacheKeyParts, cacheKey, intentPrefix, sitePrefix } from '../../worker/pipeline/cache/key';
import { canonicalJson, normaliseForKey } from '../../worker/pipeline/cache/normalise';

describe('normaliseForKey folds trivial variants together', () => {
  const same: [string, string][] = [
    ['How long does shipping take?', 'how long does shipping take'],
    ['  How   long\tdoes\nshipping take ?? ', 'how long does shipping take'],
    ['ＨＯＷ ＬＯＮＧ does shipping take？', 'how long does shipping take'],
    ['How long does shipping take!!!', 'how long does shipping take'],
    ['How long does shipping take...', 'how long does shipping take'],
    ['退款多久能到账？', '退款多久能到账'],
    ['退款多久能到账。', '退款多久能到账'],
    ['Ｅｍａｉｌ [EMAIL_1] please', 'email [email_1] please'],
  ];
  for (const [input, want] of same) it(JSON.stringify(input), () => expect(normaliseForKey(input)).toBe(want));

  const different: [string, string][] = [
    ['Do you ship to Canada?', 'Do you ship to Mexico?'],
    ['Is it free?', 'Is it not free?'],
    ['order 123', 'order 124'],
    ['¿Dónde está?', 'Donde esta'], // only trailing punctuation folds; accents stay
  ];
  for (const [a, b] of different)
    it(`${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`, () => expect(normaliseForKey(a)).not.toBe(normaliseForKey(b)));
});

describe('cacheKey', () => {
  const base: CacheKeyParts = {
    siteKey: 'demo',
    configVersion: 1,
    intent: null,
    tier: 'default',
    chain: [{ provider: 'openai', model: 'mock' }],
    systemPrompt: 'You are helpful.',
    window: [{ role: 'user', content: 'How long does shipping take?' }],
    params: { temperature: 0 },
  };

  it('is site/<site>/<intent>/<sha256 hex> and equal for trivial variants', async () => {
    const k = await cacheKey(base);
    expect(k).toMatch(/^site\/demo\/~none\/[0-9a-f]{64}$/);
    expect(await cacheKey({ ...base, window: [{ role: 'user', content: 'HOW LONG does shipping take' }] })).toBe(k);
    expect(await cacheKey({ ...base, params: { temperature: 0, maxTokens: undefined } })).toBe(k);
  });

  const changes: [string, Partial<CacheKeyParts>][] = [
    ['site', { siteKey: 'other' }],
    ['config version', { configVersion: 2 }],
    ['intent', { intent: 'shipping' }],
    ['tier', { tier: 'premium' }],
    ['provider chain', { chain: [{ provider: 'openai', model: 'other-model' }] }],
    [
      'chain order',
      {
        chain: [
          { provider: 'faq', model: 'faq' },
          { provider: 'openai', model: 'mock' },
        ],
      },
    ],
    ['system prompt', { systemPrompt: 'You are terse.' }],
    ['sampling params', { params: { temperature: 0.2 } }],
    [
      'earlier turns of the window',
      {
        window: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
          { role: 'user', content: 'How long does shipping take?' },
        ],
      },
    ],
    ['the role of a message', { window: [{ role: 'assistant', content: 'How long does shipping take?' }] }],
  ];
  for (const [what, patch] of changes) {
    it(`changes with the ${what}`, async () => expect(await cacheKey({ ...base, ...patch })).not.toBe(await cacheKey(base)));
  }

  it('puts the site and intent first, escaped, so one prefix never covers another site', async () => {
    expect(sitePrefix('a/b')).toBe('site/a%2Fb/');
    expect(intentPrefix('demo', 'refund')).toBe('site/demo/refund/');
    expect(intentPrefix('demo', null)).toBe('site/demo/~none/');
    const k = await cacheKey({ ...base, siteKey: 'demo-2' });
    expect(k.startsWith(sitePrefix('demo'))).toBe(false);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});
