import { expect, type Locator, type Page } from '@playwright/test';

export const CLOUD_KEY = 'sk-test-HEARTH-e2e-0123456789abcdef';
export type Mode = 'Automatic' | 'Always on device' | 'Always cloud';

/** Settings → Cloud model, as a person fills it in. */
export async function configureCloud(
  page: Page,
  url: string,
  model: string,
  mode: Mode = 'Automatic',
): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Cloud endpoint URL' }).fill(url);
  await page.getByRole('textbox', { name: 'Cloud endpoint URL' }).press('Tab');
  await page.getByRole('textbox', { name: 'Cloud API key' }).fill(CLOUD_KEY);
  await page.getByRole('textbox', { name: 'Cloud API key' }).press('Tab');
  await page.getByRole('textbox', { name: 'Cloud model' }).fill(model);
  await page.getByRole('textbox', { name: 'Cloud model' }).press('Tab');
  await chooseMode(page, mode);
  await expect(page.getByTestId('expected-cloud-share')).toContainText('%');
}

export async function chooseMode(page: Page, mode: Mode): Promise<void> {
  if (!page.url().endsWith('/settings')) await openPage(page, 'Settings');
  await page.getByRole('radio', { name: mode, exact: true }).check();
}

export async function openPage(page: Page, name: 'Chat' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

export const SELF_TEST = 'hearth/self-test-tiny';

/**
 * The suite runs with no network, so chats use the built-in self-test model rather than the model the
 * picker recommends for this device (a real one, which would have to be downloaded).
 */
export async function useSelfTest(page: Page): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker).toBeEnabled();
  if ((await picker.inputValue()) !== SELF_TEST) await picker.selectOption(SELF_TEST);
}

export function answers(page: Page): Locator {
  return page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Answer' });
}

/**
 * Sends a message from the Chat page and returns its (first) answer: a locator fixed to that position,
 * so it keeps pointing at this answer when later ones arrive.
 */
export async function ask(
  page: Page,
  text: string,
  options: 'On device' | 'Cloud' | { runOn?: 'On device' | 'Cloud'; keepModel?: boolean } = {},
): Promise<Locator> {
  const { runOn, keepModel = false } = typeof options === 'string' ? { runOn: options } : options;
  if (!page.url().endsWith('/')) await openPage(page, 'Chat');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible({ timeout: 60_000 });
  // keepModel: the test picked a model itself (a downloaded one) and means to use it.
  if (!keepModel) await useSelfTest(page);
  const before = await answers(page).count();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  if (runOn) await page.getByRole('combobox', { name: 'Run on' }).selectOption({ label: runOn });
  await box.press('Enter');
  return answers(page).nth(before);
}

export async function setMaxNewTokens(page: Page, value: number): Promise<void> {
  await page.getByText('Chat settings').click();
  const field = page.getByRole('spinbutton', { name: 'Max new tokens' });
  await field.fill(String(value));
  await field.press('Tab');
  await page.getByText('Chat settings').click();
}
