/** Every site has a daily token allowance: a default one when its config sets none, which it may raise. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKENS_PER_DAY, SiteConfig } from '../../shared/config';
import { admitTokens, type QuotaPorts } from '../../worker/quota';
import { dayOf } from '../../worker/quota/site-quota';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { call, chatRequest, publishSite } from './helpers';

describe('default daily token allowance', () => {
  it('a site config without limits gets the default allowance; a site may raise it', () => {
    expect(SiteConfig.parse({ ...DEMO_SITE, limits: undefined }).limits.tokensPerDay).toBe(DEFAULT_TOKENS_PER_DAY);
    expect(SiteConfig.parse({ ...DEMO_SITE, limits: {} }).limits.tokensPerDay).toBe(DEFAULT_TOKENS_PER_DAY);
    expect(SiteConfig.parse({ ...DEMO_SITE, limits: { tokensPerDay: 50_000_000 } }).limits.tokensPerDay).toBe(50_000_000);
  });

  it('a site that set no allowance is refused with quota_exceeded once the default is spent', async () => {
    const key = 'default-allowance';
    await publishSite({ ...DEMO_SITE, key });
    const stub = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(key));
    await stub.add(dayOf(Date.now()), DEFAULT_TOKENS_PER_DAY);
    const res = await call(chatRequest({ siteKey: key, message: { id: 'd1', text: 'payment options' } }));
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'quota_exceeded', retryable: true } });
  });

  it('asks the quota object again within seconds only near the allowance', async () => {
    let asked = 0;
    let used = 0;
    const stub = {
      used: async (day: string) => {
        asked++;
        return { day, used };
      },
    };
    const ports = { SITE_QUOTA: { idFromName: () => ({}), get: () => stub } } as unknown as QuotaPorts;
    const site = SiteConfig.parse({ ...DEMO_SITE, key: 'cached-allowance', limits: { tokensPerDay: 1000 } });
    const t0 = Date.now();
    await admitTokens(ports, site, t0);
    await admitTokens(ports, site, t0 + 1000);
    expect(asked).toBe(1); // far below: the count of a second ago stands
    await admitTokens(ports, site, t0 + 6000);
    expect(asked).toBe(2); // stale: asked again
    used = 950;
    await admitTokens(ports, site, t0 + 12_000);
    await admitTokens(ports, site, t0 + 12_500);
    expect(asked).toBe(4); // near the allowance: every turn asks
    used = 1000;
    await expect(admitTokens(ports, site, t0 + 13_000)).rejects.toMatchObject({ code: 'quota_exceeded' });
  });
});
