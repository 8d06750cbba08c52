import { expect, test } from '@playwright/test';
import { CATALOG } from '../../src/lib/models/catalog';

test('without WebGPU a transformers.js model is recommended and web-llm models say WebGPU is missing', async ({
  page,
}) => {
  await page.goto('/models');
  const list = page.getByRole('list', { name: 'Model catalog' });
  await expect(list.getByRole('listitem')).toHaveCount(CATALOG.length);

  const recommended = list.getByRole('listitem').filter({ hasText: 'Recommended for this device' });
  await expect(recommended).toHaveCount(1);
  await expect(recommended).toContainText('transformers.js');
  await expect(recommended.getByTestId('verdict')).toContainText('runs on the CPU (WebAssembly)');
  const name = await recommended.getByRole('heading').textContent();
  expect(CATALOG.find((e) => e.displayName === name)?.engine).toBe('transformers');

  for (const entry of CATALOG.filter((e) => e.engine === 'webllm')) {
    const verdict = list
      .getByRole('listitem', { name: entry.displayName, exact: true })
      .getByTestId('verdict');
    await expect(verdict).toContainText("Won't fit: needs WebGPU, which is missing here");
  }

  // The chat starts on the same model.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' }).locator('option:checked')).toHaveText(
    name ?? '',
  );
});
