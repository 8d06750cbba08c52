import { expect, test } from '@playwright/test';
import { rawRequest } from '../unit/scripts/raw-http';
import { cspMessages, launchWithLog, RECORD_PAGE_VIOLATIONS } from './support/csp-log';

/** Sent byte for byte: a browser or fetch would normalise most of these before they left. */
const HOSTILE: [string, Record<string, string>][] = [
  ['//', {}],
  ['///', {}],
  ['/%', {}],
  ['/%zz', {}],
  ['/%00', {}],
  ['/index.html%00.js', {}],
  ['/..%2f..%2f..%2fetc%2fpasswd', {}],
  ['/%2e%2e/%2e%2e/etc/passwd', {}],
  ['/../../etc/passwd', {}],
  ['/..\\..\\etc\\passwd', {}],
  [`/${'a'.repeat(64 * 1024)}`, {}],
  ['/index.html', { Range: 'bytes=oops' }],
  ['/index.html', { Range: 'bytes=99999999999999999999-' }],
  ['/index.html', { Range: `bytes=${'0-1,'.repeat(6000)}0-1` }],
];

test('the app server answers hostile requests with 4xx and keeps serving the app', async ({
  page,
  baseURL,
}) => {
  const port = Number(new URL(baseURL ?? '').port);
  for (const [target, headers] of HOSTILE) {
    const answer = await rawRequest(port, target, headers);
    const label = `${target.slice(0, 40)} ${JSON.stringify(headers).slice(0, 40)}`;
    expect(answer.status, label).toBeGreaterThanOrEqual(400);
    expect(answer.status, label).toBeLessThan(500);
    expect(answer.headers['content-security-policy'], label).toContain("object-src 'none'");
    expect(answer.body.toString(), label).not.toContain('root:');
  }
  const index = await rawRequest(port, '/');
  expect(index.status).toBe(200);
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('the page is cross-origin isolated and ONNX Runtime runs WebAssembly on several threads, within the CSP', async ({
  playwright,
  launchOptions,
  baseURL,
}, testInfo) => {
  const logFile = testInfo.outputPath('chromium.log');
  const browser = await launchWithLog(playwright.chromium, launchOptions, logFile);
  try {
    const page = await browser.newPage({ baseURL });
    await page.addInitScript(RECORD_PAGE_VIOLATIONS);
    await page.goto('/settings');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const expected = Math.min(cores, 4);
    await expect(page.getByTestId('cross-origin-isolated')).toContainText('yes');
    await expect(page.getByTestId('wasm-threads')).toHaveText(`${expected} of ${cores} logical cores`);

    const panel = page.getByRole('region', { name: 'Self-test' });
    await panel.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
    await panel.getByRole('button', { name: 'Run self-test' }).click();
    await expect(panel.getByTestId('self-test-finish')).toHaveText('token limit', { timeout: 90_000 });
    await expect(panel.getByTestId('self-test-threads')).toHaveText(String(expected));
    test.skip(cores < 2, 'one logical core: nothing to thread');
    expect(expected).toBeGreaterThan(1);
    // ONNX Runtime's pthreads are workers started from its own .mjs on our origin (never a blob: URL).
    const pthreads = page
      .workers()
      .filter((worker) => /ort-wasm-simd-threaded[^/]*\.mjs$/.test(worker.url()));
    expect(pthreads.length).toBe(expected - 1);
    expect(await page.evaluate(() => Reflect.get(window, '__cspViolations'))).toEqual([]);
  } finally {
    await browser.close();
  }
  expect(cspMessages(logFile)).toEqual([]);
});
