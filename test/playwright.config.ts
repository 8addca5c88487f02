import { defineConfig, devices } from '@playwright/test';

/** Browser tests in Debian's Chromium (Playwright cannot download browsers here). */
export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: '../test-results',
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
});
