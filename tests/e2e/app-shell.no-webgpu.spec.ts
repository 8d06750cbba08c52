import { expect, test } from '@playwright/test';

test('without WebGPU, Settings says so plainly', async ({ page }) => {
  await page.goto('/settings');
  const facts = page.getByRole('region', { name: 'This device' });
  await expect(facts.getByTestId('webgpu-status')).toHaveText(/No WebGPU/);
  await expect(facts).toContainText('WebAssembly');
});
