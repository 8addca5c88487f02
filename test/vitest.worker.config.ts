import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Worker tests run inside workerd with the real bindings from wrangler.toml (local KV, D1, DOs). */
export default defineConfig({
  root,
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        bindings: { MOCK_UPSTREAM: inject<string>('mockUrl'), FAQ_PACE_MS: '0' },
      },
    })),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: ['test/fixtures/global-mock.ts'],
    testTimeout: 20_000,
  },
});
