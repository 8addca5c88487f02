import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Worker tests run inside workerd with the real bindings from wrangler.toml (local KV, D1, DOs). */
const migrations = await readD1Migrations(`${root}/worker/migrations`);

export default defineConfig({
  root,
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        bindings: { MOCK_UPSTREAM: inject<string>('mockUrl'), FAQ_PACE_MS: '0', TEST_MIGRATIONS: migrations },
      },
    })),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: ['test/fixtures/global-mock.ts'],
    setupFiles: ['test/worker/apply-migrations.ts'],
    testTimeout: 20_000,
  },
});
