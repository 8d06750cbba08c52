import { defineConfig } from '@playwright/test';
import { BASE_CHROMIUM_ARGS, WEBGPU_CHROMIUM_ARGS, findChromium } from './scripts/lib/browser.js';

const executablePath = findChromium() ?? undefined;
// Several checkouts on one machine can run their e2e suites side by side on different ports.
const PORT = Number(process.env.HEARTH_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  // Inference on SwiftShader is CPU-bound: one worker on a 2-core machine keeps timings sane.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    // Hearth's service worker would make most stories about the precache (40 MB stored mid-test, requests
    // answered by the worker); pwa.spec.ts lets it run, and tells those stories.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /\.no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath, args: [...BASE_CHROMIUM_ARGS, ...WEBGPU_CHROMIUM_ARGS] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /\.no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath, args: [...BASE_CHROMIUM_ARGS, '--disable-features=WebGPU'] } },
    },
  ],
  webServer: {
    command: `node scripts/serve.js --port ${PORT}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
