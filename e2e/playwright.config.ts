// End-to-end tests against the release build (`trunk build --release` → dist/), served by
// e2e/serve.mjs, and by the real `reprise serve` for the live tests (built here first, so the
// test run needs no other step). Debian's Chromium is used; never `playwright install`.
import { defineConfig } from '@playwright/test';
import { LIVE_PORT } from './live-port';
import { REPRISE_BIN } from './reprise-binary';

const port = 4173;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `node serve.mjs ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 15_000,
    },
    {
      // Builds the CLI with `reprise run` (its `theater` feature: the e2e tests use it),
      // incrementally, and serves the scenario bundle over /ws from a temporary log directory.
      command:
        `cargo build -q -p reprise-cli --features theater && '${REPRISE_BIN}' serve --listen 127.0.0.1:${LIVE_PORT} ` +
        '--app-dir dist fixtures/theater-0.3.29/scenario.bundle.json',
      cwd: '..',
      url: `http://127.0.0.1:${LIVE_PORT}/`,
      reuseExistingServer: false,
      timeout: 600_000,
    },
  ],
});
