import { expect, test } from '@playwright/test';

test('with WebGPU disabled, Automatic runs the self-test on WebAssembly and says why', async ({ page }) => {
  await page.goto('/settings');
  const panel = page.getByRole('region', { name: 'Self-test' });
  await panel.getByRole('button', { name: 'Run self-test' }).click();
  await expect(panel.getByTestId('self-test-finish')).toHaveText('token limit', { timeout: 90_000 });
  await expect(panel.getByTestId('self-test-tokens')).toHaveText('64');
  await expect(panel.getByTestId('self-test-backend')).toHaveText('WebAssembly');
  await expect(panel.getByTestId('fallback-reason')).toContainText('WebGPU');
});
