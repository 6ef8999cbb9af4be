import path from 'node:path';

import { defineConfig } from '@playwright/test';

import baseConfig from './playwright.config';

// `npm run portal:screenshots`: the README's screenshots, taken in the same browser against the same system as
// the browser tests (global-setup.ts), at a desktop size.
export default defineConfig({
  ...baseConfig,
  testMatch: 'screenshots.ts',
  retries: 0,
  reporter: [['list']],
  outputDir: path.resolve(__dirname, '../../../.local/e2e/portal-screenshots'),
  use: { ...baseConfig.use, viewport: { width: 1280, height: 860 }, colorScheme: 'light' },
});
