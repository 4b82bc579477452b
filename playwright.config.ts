import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/chromiumFlags';

/**
 * Browser tests run Chromium on SwiftShader against the built app served by `vite preview`.
 * Debian's /usr/bin/chromium (or PLAYWRIGHT_CHROMIUM_EXECUTABLE) is used when present, because
 * machines here cannot download Playwright's own browser; where a developer has run
 * `npx playwright install`, leaving both unset falls back to Playwright's browser.
 */
const explicit = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
const executablePath =
  explicit ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const PORT = Number(process.env.WEIGHTROOM_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/e2e',
  // SwiftShader runs every WebGL context in one GPU process on 2 cores: one test at a time.
  workers: 1,
  fullyParallel: false,
  // Retries in CI: on 2 cores a SwiftShader GPU process can starve the page for a moment. A test
  // that passes only on retry is reported as flaky in the list, not hidden.
  retries: process.env.CI ? 2 : 0,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    // One list of flags for the tests and the benchmark: scripts/chromiumFlags.ts.
    launchOptions: { executablePath, args: [...CHROMIUM_ARGS] },
    trace: 'on-first-retry',
  },
  webServer: {
    command: `node scripts/build-mnist.mjs && node scripts/copy-controller-profiles.mjs && npx vite build && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
