/**
 * Finished turns' tokens reach the site's quota object in summed counts: turns that end while a count is in
 * flight ride the next one, so concurrent turns cost a few round trips instead of one each, and every token is
 * counted exactly once. The object drops rows older than its window and answers each add with the day's total.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../shared/config';
import { spendTokens } from '../../worker/quota';
import { dayOf, type SiteQuota } from '../../worker/quota/site-quota';

type QuotaNs = DurableObjectNamespace<SiteQuota>;

/** The real namespace, with every object it hands out counted. */
function countedNs(): { ns: QuotaNs; gets: () => number } {
  let gets = 0;
  const ns = new Proxy(env.SITE_QUOTA as QuotaNs, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'get')
        return (...args: Parameters<QuotaNs['get']>) => {
          gets++;
          return target.get(...args);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ns, gets: () => gets };
}

const site = (key: string) => ({ key, limits: { tokensPerDay: 1_000_000 } }) as SiteConfig;

describe('quota counts', () => {
  it('sums concurrent turns into fewer adds and counts every token once', async () => {
    const { ns, gets } = countedNs();
    const now = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => spendTokens({ SITE_QUOTA: ns }, site('batched'), now, i + 1)));
    // The spends that rode another's count resolve at once; wait until the object has all of them.
    const stub = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName('batched'));
    let used = 0;
    for (let i = 0; i < 100 && used < 210; i++) {
      used = (await stub.used(dayOf(now))).used;
      if (used < 210) await new Promise((r) => setTimeout(r, 10));
    }
    expect(used).toBe(210);
    expect(gets()).toBeLessThan(20);
    expect(gets()).toBeGreaterThan(0);
  });

  it('keeps separate sites and days apart', async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    await Promise.all([
      spendTokens(env, site('apart-a'), now, 5),
      spendTokens(env, site('apart-b'), now, 7),
      spendTokens(env, site('apart-a'), now + 86_400_000, 11),
    ]);
    const used = async (key: string, at: number) => {
      const stub = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(key));
      for (let i = 0; i < 100; i++) {
        const { used } = await stub.used(dayOf(at));
        if (used > 0) return used;
        await new Promise((r) => setTimeout(r, 10));
      }
      return 0;
    };
    expect(await used('apart-a', now)).toBe(5);
    expect(await used('apart-b', now)).toBe(7);
    expect(await used('apart-a', now + 86_400_000)).toBe(11);
  });

  it("answers an add with the day's total and drops days past the window", async () => {
    const stub = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName('window'));
    await runInDurableObject(stub, (_o, ctx) => {
      ctx.storage.sql.exec('INSERT INTO usage (day, tokens) VALUES (?, ?)', '2026-01-01', 99);
    });
    expect(await stub.add('2026-03-10', 4)).toEqual({ day: '2026-03-10', used: 4 });
    expect(await stub.add('2026-03-10', 6)).toEqual({ day: '2026-03-10', used: 10 });
    expect((await stub.used('2026-01-01')).used).toBe(0);
  });
});
