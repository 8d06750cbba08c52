import { expect, test, type Page } from '@playwright/test';

async function runSelfTest(page: Page, backend: 'auto' | 'webgpu' | 'wasm'): Promise<void> {
  const panel = page.getByRole('region', { name: 'Self-test' });
  await panel.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await panel.getByRole('button', { name: 'Run self-test' }).click();
}

function selfTest(page: Page) {
  const panel = page.getByRole('region', { name: 'Self-test' });
  return {
    panel,
    tokens: panel.getByTestId('self-test-tokens'),
    backend: panel.getByTestId('self-test-backend'),
    finish: panel.getByTestId('self-test-finish'),
    speed: panel.getByTestId('self-test-speed'),
    output: panel.getByTestId('self-test-output'),
  };
}

test.describe('the built-in model runs in the worker', () => {
  test('streams 64 tokens from the self-test model on WebGPU (SwiftShader)', async ({ page }) => {
    await page.goto('/settings');
    const counts: number[] = [];
    await page.exposeFunction('recordTokens', (n: number) => counts.push(n));
    // Watch the token counter while it streams, to prove tokens arrive one by one.
    await page.evaluate(() => {
      const node = document.querySelector('[data-testid="self-test-tokens"]');
      if (!node) throw new Error('no token counter');
      new MutationObserver(
        () =>
          void (window as unknown as { recordTokens: (n: number) => void }).recordTokens(
            Number(node.textContent),
          ),
      ).observe(node, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await runSelfTest(page, 'webgpu');
    const { tokens, backend, finish, speed, output } = selfTest(page);
    await expect(finish).toHaveText('token limit', { timeout: 90_000 });
    await expect(tokens).toHaveText('64');
    await expect(backend).toHaveText('WebGPU');
    await expect(speed).toHaveText(/^\d+(\.\d)? tok\/s$/);
    expect(Number((await speed.textContent())?.split(' ')[0])).toBeGreaterThan(0);
    expect((await output.textContent())?.length ?? 0).toBeGreaterThan(10);
    expect(new Set(counts).size).toBeGreaterThanOrEqual(32);
  });

  test('WebAssembly gives the same greedy text as WebGPU', async ({ page }) => {
    await page.goto('/settings');
    const { output, finish, backend } = selfTest(page);
    await runSelfTest(page, 'wasm');
    await expect(finish).toHaveText('token limit', { timeout: 90_000 });
    await expect(backend).toHaveText('WebAssembly');
    const wasmText = await output.textContent();
    await runSelfTest(page, 'webgpu');
    await expect(backend).toHaveText('WebGPU', { timeout: 90_000 });
    await expect(finish).toHaveText('token limit', { timeout: 90_000 });
    expect(await output.textContent()).toBe(wasmText);
  });

  test('Stop ends the stream within a token and the model answers again afterwards', async ({ page }) => {
    await page.goto('/settings');
    const { panel, tokens, finish } = selfTest(page);
    // A long run on WebGPU (tens of ms a token on SwiftShader), so Stop lands mid-stream.
    await panel.getByRole('spinbutton', { name: 'New tokens' }).fill('1500');
    await runSelfTest(page, 'webgpu');
    await expect(tokens).toHaveText(/^([2-9]\d|\d{3,})$/, { timeout: 60_000 });
    await panel.getByRole('button', { name: 'Stop' }).click();
    const atClick = Number(await tokens.textContent());
    await expect(finish).toHaveText('stopped', { timeout: 15_000 });
    const atEnd = Number(await tokens.textContent());
    expect(atEnd).toBeLessThan(1500);
    // The counter is read after the click returns; one token may already be on its way.
    expect(atEnd - atClick).toBeLessThanOrEqual(2);

    await panel.getByRole('spinbutton', { name: 'New tokens' }).fill('40');
    await panel.getByRole('button', { name: 'Run self-test' }).click();
    await expect(finish).toHaveText('token limit', { timeout: 60_000 });
    await expect(tokens).toHaveText('40');
  });

  test('a missing model file gives an error naming its URL, and the worker still works', async ({
    page,
    baseURL,
  }) => {
    await page.route('**/models/hearth/self-test-tiny/resolve/main/onnx/model.onnx', (route) =>
      route.fulfill({ status: 404, body: 'gone' }),
    );
    await page.goto('/settings');
    const { panel, finish } = selfTest(page);
    await runSelfTest(page, 'wasm');
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText(
      `could not be found at ${new URL(baseURL ?? '').origin}/models/hearth/self-test-tiny/resolve/main/onnx/model.onnx`,
    );

    await page.unroute('**/models/hearth/self-test-tiny/resolve/main/onnx/model.onnx');
    await runSelfTest(page, 'wasm');
    await expect(finish).toHaveText('token limit', { timeout: 60_000 });
    await expect(alert).toHaveCount(0);
  });
});
