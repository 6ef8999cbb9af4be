import path from 'node:path';

import { defineConfig } from '@playwright/test';

// The portal in Debian's Chromium (Playwright's own browser download cannot reach its host from our machines;
// ensure-chromium.sh installs it) against the whole running system, started by global-setup.ts.
export default defineConfig({
  testDir: __dirname,
  testMatch: '*.e2e.ts',
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  workers: 1,
  // As the jest tiers against real infrastructure (tools/retry-once.cjs): one more try, listed by npm test.
  retries: Number(process.env.TEST_RETRIES ?? 1),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], [path.join(__dirname, 'tally-reporter.ts')]],
  outputDir: path.resolve(__dirname, '../../../.local/e2e/portal-results'),
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    trace: 'retain-on-failure',
  },
});
