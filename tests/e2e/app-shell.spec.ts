import { expect, test } from '@playwright/test';

test.describe('the app shell', () => {
  test('a visitor moves through every page by its link and a deep link survives a reload', async ({
    page,
  }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, path] of [
      ['Models', '/models'],
      ['Benchmark', '/benchmark'],
      ['Evaluate', '/evaluate'],
      ['Settings', '/settings'],
      ['Chat', '/'],
    ] as const) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await expect(page).toHaveURL(path);
      await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      );
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }

    await page.goto('/benchmark');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Benchmark' })).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL('/');
  });

  test('an unknown address says so instead of a blank page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test('Settings shows the WebGPU adapter of this device (SwiftShader here)', async ({ page }) => {
    await page.goto('/settings');
    const facts = page.getByRole('region', { name: 'This device' });
    await expect(facts.getByTestId('webgpu-status')).toHaveText(/WebGPU is available/);
    await expect(facts.getByTestId('adapter-vendor')).not.toHaveText('');
    // SwiftShader has no half-precision shaders, and the probe must say so.
    await expect(facts.getByTestId('shader-f16')).toHaveText(/^no/);
    await expect(facts).toContainText('Largest buffer');
  });

  test('the layout fits a 360 px phone without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'This device' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
