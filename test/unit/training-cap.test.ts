/** A site config is refused when its intents would train past MAX_TRAINING_SIZE at publish. */
import { describe, expect, it } from 'vitest';
import { MAX_TRAINING_EXAMPLES, MAX_TRAINING_SIZE, SiteConfig } from '../../shared/config';

const site = (intents: number, examples: number, keywords = 0) => ({
  key: 'big',
  name: 'Big',
  origins: ['localhost'],
  intents: Array.from({ length: intents }, (_, i) => ({
    id: `i${i}`,
    label: `Intent ${i}`,
    examples: Array.from({ length: examples }, (_, j) => `example ${j} of intent ${i}`),
    keywords: Array.from({ length: keywords }, (_, j) => `kw${i}x${j}`),
  })),
});

describe('training size limit', () => {
  it('accepts sites up to the limit', () => {
    expect(500 * 20 * 500).toBe(MAX_TRAINING_SIZE);
    expect(SiteConfig.safeParse(site(500, 20)).success).toBe(true);
    expect(SiteConfig.safeParse(site(125, 200)).success).toBe(true);
    expect(SiteConfig.safeParse(site(50, 500)).success).toBe(true);
  });

  it('refuses 500 intents × 500 examples, and keywords count as examples', () => {
    const big = SiteConfig.safeParse(site(500, 500));
    expect(big.success).toBe(false);
    expect(big.error?.issues.some((i) => i.message.includes('too much to train at publish'))).toBe(true);
    expect(SiteConfig.safeParse(site(500, 20, 1)).success).toBe(false);
  });

  it('refuses more examples in all than MAX_TRAINING_EXAMPLES, however few intents', () => {
    expect(60 * 500).toBeGreaterThan(MAX_TRAINING_EXAMPLES);
    expect(SiteConfig.safeParse(site(60, 500)).success).toBe(false);
  });
});
