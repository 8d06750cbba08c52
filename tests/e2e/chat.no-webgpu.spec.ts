import { expect, test } from '@playwright/test';
import { answers, ask, setMaxNewTokens } from './support/chat';

test('on WebAssembly, Stop ends a long answer and keeps it; the answer says WASM and why', async ({
  page,
}) => {
  await page.goto('/');
  await setMaxNewTokens(page, 1500);
  const long = await ask(page, 'Talk for a long time');
  await expect
    .poll(async () => (await long.locator('.markdown').textContent())?.length ?? 0, { timeout: 60_000 })
    .toBeGreaterThan(40);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(long).toContainText('Stopped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const kept = (await long.locator('.markdown').textContent()) ?? '';
  expect(kept.length).toBeGreaterThan(40);
  await expect(long.getByTestId('placement')).toContainText('on device · WASM — WebGPU');

  // Stopping left the worker ready: the next message answers in full.
  await setMaxNewTokens(page, 16);
  const next = await ask(page, 'And now briefly');
  await expect(next.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
  await expect(answers(page)).toHaveCount(2);
  expect(((await long.locator('.markdown').textContent()) ?? '').length).toBe(kept.length);
});
