import { expect, test } from '@playwright/test';

test('the first click on "Always cloud" counts, right after typing the endpoint and the model', async ({
  page,
}) => {
  await page.goto('/settings');
  const endpoint = page.getByRole('textbox', { name: 'Cloud endpoint URL' });
  const model = page.getByRole('textbox', { name: 'Cloud model' });
  const alwaysCloud = page.getByRole('radio', { name: 'Always cloud', exact: true });
  await expect(page.getByRole('radio', { name: 'Automatic', exact: true })).toBeChecked();

  await endpoint.fill('http://127.0.0.1:9/v1');
  await model.fill('some-new-model');
  // No Tab first: the model field still has focus, so this click is what commits it.
  await alwaysCloud.click();
  await expect(alwaysCloud).toBeChecked();

  await page.reload();
  await expect(page.getByRole('radio', { name: 'Always cloud', exact: true })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Cloud endpoint URL' })).toHaveValue(
    'http://127.0.0.1:9/v1',
  );
  await expect(page.getByRole('textbox', { name: 'Cloud model' })).toHaveValue('some-new-model');
});

test('the first click counts even when the commit it causes shows a message above the radios', async ({
  page,
}) => {
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Cloud endpoint URL' }).fill('http://api.example.com/v1');
  const alwaysOnDevice = page.getByRole('radio', { name: 'Always on device', exact: true });
  await alwaysOnDevice.click();
  await expect(alwaysOnDevice).toBeChecked();
  await expect(page.getByTestId('endpoint-problem')).toContainText('must use https://');
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Always on device', exact: true })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Cloud endpoint URL' })).toHaveValue('');
});

test('an endpoint that breaks a rule is explained next to the field and not saved', async ({ page }) => {
  await page.goto('/settings');
  const endpoint = page.getByRole('textbox', { name: 'Cloud endpoint URL' });
  await endpoint.fill('https://api.example.com/v1');
  await endpoint.press('Tab');

  for (const [typed, said] of [
    ['http://api.example.com/v1', /must use https:\/\//],
    ['https://user:secret@api.example.com/v1', /must not contain a user name or password/],
    ['ftp://api.example.com', /must start with https:\/\//],
    ['api.example.com/v1', /is not a web address/],
  ] as const) {
    await endpoint.fill(typed);
    await endpoint.press('Tab');
    await expect(page.getByTestId('endpoint-problem')).toHaveText(said);
    await expect(endpoint).toHaveAttribute('aria-invalid', 'true');
  }
  await page.reload();
  // The last good value is what was kept.
  await expect(page.getByRole('textbox', { name: 'Cloud endpoint URL' })).toHaveValue(
    'https://api.example.com/v1',
  );
  await expect(page.getByTestId('endpoint-problem')).toHaveCount(0);
});

test('the model mirror refuses plain http to another computer and credentials', async ({ page }) => {
  await page.goto('/settings');
  const mirror = page.getByRole('textbox', { name: 'Model mirror URL' });
  await mirror.fill('http://mirror.example/hf');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('must use https://');
  await mirror.fill('https://me:pw@mirror.example/hf');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('must not contain a user name or password');
  await mirror.fill('http://localhost:8080/hf');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Model mirror URL' })).toHaveValue(
    'http://localhost:8080/hf',
  );
});
