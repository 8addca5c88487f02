/** Every site has a daily token allowance: a default one when its config sets none, which it may raise. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKENS_PER_DAY, SiteConfig } from '../../shared/config';
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
});
