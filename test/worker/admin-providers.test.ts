import { describe, expect, it } from 'vitest';
import { BOOT, bootEnv, tokenFor } from './admin-helpers';
import { call } from './helpers';

/** The test pool configures every provider against the mock upstream; these cases start from none. */
const NO_SECRETS = { DEEPSEEK_API_KEY: '', SILICONFLOW_API_KEY: '', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

const providers = (token: string | null, extra: Record<string, string> = {}) =>
  call(new Request('http://parley.test/admin/api/providers', { headers: token ? { authorization: `Bearer ${token}` } : {} }), {
    ...bootEnv,
    ...NO_SECRETS,
    ...extra,
  });

describe('GET /admin/api/providers', () => {
  it('with no secrets, only the built-in faq responder is configured', async () => {
    const res = await providers(BOOT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { id: 'deepseek', configured: false },
      { id: 'siliconflow', configured: false },
      { id: 'openai', configured: false },
      { id: 'workers-ai', configured: false },
      { id: 'faq', configured: true, models: ['faq'] },
    ]);
  });

  it('names a provider whose secrets are set, with its models (even outside the default chains), and never the key', async () => {
    const secret = 'sk-deepseek-should-never-be-shown';
    const res = await providers(BOOT, {
      DEFAULT_TIER_PROVIDERS: 'faq',
      DEEPSEEK_API_KEY: secret,
      OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
      OPENAI_API_KEY: 'k2',
      OPENAI_MODEL: 'm1',
    });
    const text = await res.text();
    expect(text).not.toContain(secret);
    const list = JSON.parse(text) as { id: string; configured: boolean; models?: string[] }[];
    expect(list.find((p) => p.id === 'deepseek')).toEqual({
      id: 'deepseek',
      configured: true,
      models: ['deepseek-chat', 'deepseek-reasoner'],
    });
    expect(list.find((p) => p.id === 'openai')).toEqual({ id: 'openai', configured: true, models: ['m1'] });
    expect(list.find((p) => p.id === 'siliconflow')?.configured).toBe(false);
  });

  it('needs an admin token of any role', async () => {
    expect((await providers(null)).status).toBe(401);
    const auditor = await tokenFor('auditor');
    expect((await providers(auditor.token)).status).toBe(200);
  });
});

describe('GET /test/:siteKey', () => {
  it("embeds the site's widget with the snippet a site owner pastes", async () => {
    const res = await call(new Request('http://parley.test/test/acme-tea'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<script src="/widget.js" data-site-key="acme-tea" async></script>');
  });

  it('refuses anything that is not a site key, so nothing reaches the page unescaped', async () => {
    const res = await call(new Request('http://parley.test/test/%3Cscript%3E'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<script>');
  });
});
