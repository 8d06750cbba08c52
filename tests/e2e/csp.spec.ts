import { expect, test, type Page } from '@playwright/test';
import {
  cspMessages,
  launchWithLog,
  provokeWorkerViolation,
  RECORD_PAGE_VIOLATIONS,
} from './support/csp-log';

async function selfTest(page: Page, backend: 'webgpu' | 'wasm'): Promise<void> {
  const panel = page.getByRole('region', { name: 'Self-test' });
  await panel.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await panel.getByRole('button', { name: 'Run self-test' }).click();
  // A blocked loader shows as an error: fail on it at once, with its words.
  const alert = panel.getByRole('alert');
  await expect(panel.getByTestId('self-test-finish').or(alert)).toBeVisible({ timeout: 90_000 });
  await expect(alert).toHaveCount(0);
  await expect(panel.getByTestId('self-test-finish')).toHaveText('token limit', { timeout: 90_000 });
  await expect(panel.getByTestId('self-test-backend')).toHaveText(
    backend === 'webgpu' ? 'WebGPU' : 'WebAssembly',
  );
}

async function pageViolations(page: Page): Promise<unknown> {
  return page.evaluate(() => Reflect.get(window, '__cspViolations'));
}

test('the strict CSP holds: no violation while the self-test runs on WebGPU and WebAssembly, nor in a benchmark', async ({
  playwright,
  launchOptions,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const logFile = testInfo.outputPath('chromium.log');
  const browser = await launchWithLog(playwright.chromium, launchOptions, logFile);
  let provoked: string | undefined;
  try {
    const page = await browser.newPage({ baseURL });
    await page.addInitScript(RECORD_PAGE_VIOLATIONS);
    const response = await page.goto('/settings');
    // The policy must really be there, or "no violation" would prove nothing.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");

    await selfTest(page, 'wasm');
    await selfTest(page, 'webgpu');
    expect(await pageViolations(page)).toEqual([]);
    // Proof that the log sees a violation inside a worker: exactly this one must show up, nothing else.
    const worker = page.workers().find((candidate) => candidate.url().includes('inference.worker'));
    if (!worker) throw new Error('the inference worker is not running');
    provoked = await provokeWorkerViolation(worker);

    // The benchmark's bare transformers.js worker loads ONNX Runtime on its own.
    await page.goto('/bench.html');
    await page.waitForFunction(() => 'hearthBench' in window);
    const record = await page.evaluate(
      async (origin): Promise<unknown> => {
        const harness: unknown = Reflect.get(window, 'hearthBench');
        if (typeof harness !== 'object' || harness === null || !('run' in harness))
          throw new Error('no harness');
        if (typeof harness.run !== 'function') throw new Error('no harness');
        return harness.run({
          modelId: 'hearth/self-test-tiny',
          modelHost: `${origin}/models`,
          backend: 'wasm',
          runs: 1,
          promptTokens: [16],
          maxNewTokens: 8,
          warmupRuns: 0,
          measureColdLoad: false,
        });
      },
      new URL(baseURL ?? '').origin,
    );
    expect(record).toMatchObject({ backend: 'wasm', cross_origin_isolated: true });
    expect(record).toHaveProperty('raw.decode_tokens_per_s', expect.any(Number));
    expect(page.workers().some((worker) => worker.url().includes('raw-bench'))).toBe(true);
    expect(await pageViolations(page)).toEqual([]);
  } finally {
    await browser.close();
  }
  const messages = cspMessages(logFile);
  expect(messages, messages.join('\n')).toHaveLength(1);
  expect(messages[0]).toContain(provoked ?? 'the provoked violation');
});
