import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { DEMO_SITE } from '../../worker/seed/demo-site';

const withKey = (key: string) => SiteConfig.safeParse({ key, name: 'Shop', origins: ['shop.example'] });

describe('site keys are slugs', () => {
  const table: [string, boolean][] = [
    ['demo', true],
    ['shop-42', true],
    ['a', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['Shop', false],
    ['shop_42', false],
    ['shop:42', false],
    ['shop.example', false],
    ['shop 42', false],
    ['商店', false],
  ];
  for (const [key, ok] of table)
    it(`${JSON.stringify(key.slice(0, 20))} → ${ok ? 'accepted' : 'refused'}`, () => expect(withKey(key).success).toBe(ok));

  it('names the key in the refusal', () => {
    const r = withKey('Shop:1');
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['key']);
  });

  it('accepts the seeded demo site', () => expect(SiteConfig.safeParse(DEMO_SITE).success).toBe(true));
});
