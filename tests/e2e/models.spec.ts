import { expect, test } from '@playwright/test';
import { CATALOG } from '../../src/lib/models/catalog';

// SwiftShader: WebGPU without shader-f16, emulated on the CPU.
const F16_WEBLLM = CATALOG.filter((e) => e.engine === 'webllm' && e.requiredFeatures.includes('shader-f16'));
const SMALL_F32_WEBLLM = CATALOG.filter(
  (e) => e.engine === 'webllm' && e.quantization === 'q4f32_1' && e.vramMB < 1500,
);

test('the Models page lists every model with its verdict for this browser', async ({ page }) => {
  await page.goto('/models');
  const list = page.getByRole('list', { name: 'Model catalog' });
  await expect(list.getByRole('listitem')).toHaveCount(CATALOG.length);
  for (const entry of CATALOG) {
    await expect(list.getByRole('listitem', { name: entry.displayName, exact: true })).toBeVisible();
  }

  // No shader-f16 here: every f16 web-llm build won't fit, and says why.
  expect(F16_WEBLLM.length).toBeGreaterThan(4);
  for (const entry of F16_WEBLLM) {
    const verdict = list
      .getByRole('listitem', { name: entry.displayName, exact: true })
      .getByTestId('verdict');
    await expect(verdict).toContainText("Won't fit");
    await expect(verdict).toContainText('needs shader-f16, which this GPU lacks');
  }
  // …while the q4f32 builds are shown as possible.
  for (const entry of SMALL_F32_WEBLLM) {
    const verdict = list
      .getByRole('listitem', { name: entry.displayName, exact: true })
      .getByTestId('verdict');
    await expect(verdict).toContainText(/^(Runs well|May be slow):/);
  }
  const qwen = list.getByRole('listitem', { name: 'Qwen2.5 1.5B Instruct (web-llm q4f16)', exact: true });
  await expect(qwen.getByTestId('verdict')).toContainText('the q4f32 build runs here');
  for (const label of [
    'Family',
    'Parameters',
    'Quantization',
    'Engine',
    'Download size',
    'GPU memory',
    'Context',
    'License',
  ]) {
    await expect(qwen.getByText(label, { exact: true })).toBeVisible();
  }

  // Exactly one model is recommended, and it is one the chat can use.
  const recommended = list.getByRole('listitem').filter({ hasText: 'Recommended for this device' });
  await expect(recommended).toHaveCount(1);
  await expect(recommended.getByRole('button', { name: 'Use' })).toBeEnabled();
});

test('the chat picker groups models by verdict and says why under it; Use picks a model', async ({
  page,
}) => {
  await page.goto('/');
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(page.getByTestId('model-verdict')).toContainText('Recommended for this device');
  const wontFit = picker.locator('optgroup[label="Won\'t fit this device"]');
  for (const entry of F16_WEBLLM) {
    await expect(wontFit.getByRole('option', { name: entry.displayName, exact: true })).toBeDisabled();
  }
  // Embedding models are not chat models.
  await expect(picker.getByRole('option', { name: /sentence embeddings/ })).toHaveCount(0);

  await picker.selectOption({ label: 'Self-test (tiny random model)' });
  await expect(page.getByTestId('model-verdict')).toContainText('Runs well: built into Hearth');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const small = SMALL_F32_WEBLLM[0];
  if (!small) throw new Error('no small q4f32 build in the catalog');
  await page
    .getByRole('listitem', { name: small.displayName, exact: true })
    .getByRole('button', { name: 'Use' })
    .click();
  await expect(page).toHaveURL(/\/$/);
  await expect(picker).toHaveValue(small.id);
});
