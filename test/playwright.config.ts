import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// The XSS corpus lives in the kit beside the repo (never copied in). Use it when it is there, so a
// checkout next to the kit (and CI) runs the payload test; elsewhere that one file is left out.
const kitXss = fileURLToPath(new URL('../../shared/data/xss', import.meta.url));
if (!process.env.PARLEY_XSS_DATA && existsSync(kitXss)) process.env.PARLEY_XSS_DATA = kitXss;

/** Browser tests in Debian's Chromium (Playwright cannot download browsers here). */
export default defineConfig({
  testDir: './e2e',
  testIgnore: process.env.PARLEY_XSS_DATA ? [] : ['**/widget-xss.spec.ts'],
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
