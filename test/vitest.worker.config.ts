import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { FAKE_TURNSTILE_SECRET } from './fixtures/turnstile-fake';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Worker tests run inside workerd with the real bindings from wrangler.toml (local KV, D1, DOs), plus the
 * settings below, which the Worker and the conversation objects both read from their own env. An
 * OpenAI-compatible, a DeepSeek and a SiliconFlow provider point at the mock upstream, which picks each request's scenario by its
 * model name (a test site's tier chain names it, see `mockProvider`); sites without tiers stay on the
 * built-in `faq` responder. Handoff webhooks go to the mock's recorder, keyed by conversation id.
 */
const migrations = await readD1Migrations(`${root}/worker/migrations`);

export default defineConfig({
  root,
  plugins: [
    cloudflareTest(({ inject }) => {
      const mockUrl = inject<string>('mockUrl');
      const hooks = `${mockUrl}/hook/by-conversation`;
      const turnstileUrl = inject<string>('turnstileUrl');
      return {
        wrangler: { configPath: `${root}/wrangler.toml` },
        miniflare: {
          bindings: {
            MOCK_UPSTREAM: mockUrl,
            FAQ_PACE_MS: '0',
            TEST_MIGRATIONS: migrations,
            OPENAI_BASE_URL: `${mockUrl}/v1`,
            OPENAI_API_KEY: 'test-key-not-secret',
            OPENAI_MODEL: 'mock-chat',
            DEEPSEEK_API_KEY: 'sk-deepseek-test',
            DEEPSEEK_BASE_URL: `${mockUrl}/v1`,
            SILICONFLOW_API_KEY: 'sk-siliconflow-test',
            SILICONFLOW_BASE_URL: `${mockUrl}/v1`,
            DEFAULT_TIER_PROVIDERS: 'faq',
            HANDOFF_WEBHOOKS: JSON.stringify({ demo: hooks, 'handoff-kettles': hooks }),
            HANDOFF_WEBHOOK_SECRET: 'hook-secret-for-tests',
            ACTION_SECRET_TEST: 'action-secret-for-tests',
            VISITOR_TOKEN_SECRET: 'test-master-secret-not-real',
            AUDIT_SALT: 'salt-under-test',
            PARLEY_ENV: 'development',
            TURNSTILE_VERIFY_URL: `${turnstileUrl}/turnstile/v0/siteverify`,
            TURNSTILE_SECRET: FAKE_TURNSTILE_SECRET,
          },
        },
      };
    }),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: ['test/fixtures/global-mock.ts', 'test/fixtures/turnstile-fake.ts'],
    setupFiles: ['test/worker/apply-migrations.ts'],
    testTimeout: 20_000,
  },
});
