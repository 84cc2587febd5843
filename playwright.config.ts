import { defineConfig } from '@playwright/test';

/**
 * End-to-end specs against `grym serve` in Debian's Chromium (no browser download).
 * test/e2e/global-setup.ts builds the renderer once, starts serve on a free port with a temporary
 * data dir, and hands the printed URL to the specs as GRYM_E2E_URL.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // json feeds the one-line summary of `npm test` (scripts/test.mjs)
  reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    actionTimeout: 10_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.GRYM_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
