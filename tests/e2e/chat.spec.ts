import { expect, test, type Page } from '@playwright/test';
import { SELF_TEST, useSelfTest } from './support/chat';

async function send(page: Page, text: string): Promise<void> {
  await useSelfTest(page);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

function answers(page: Page) {
  return page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Answer' });
}

async function setMaxNewTokens(page: Page, value: number): Promise<void> {
  await page.getByText('Chat settings').click();
  const field = page.getByRole('spinbutton', { name: 'Max new tokens' });
  await field.fill(String(value));
  await field.press('Tab');
  await page.getByText('Chat settings').click();
}

test.describe('chatting with a model on this device', () => {
  test('a person sends messages, stops an answer, starts a new chat, reloads and deletes one', async ({
    page,
  }) => {
    await page.goto('/');
    // A new chat starts on the model recommended for this device; offline, the self-test is picked by hand.
    await expect(page.getByTestId('model-verdict')).toContainText('Recommended for this device');
    await useSelfTest(page);
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(SELF_TEST);
    await expect(page.getByRole('combobox', { name: 'Model' }).locator('option:checked')).toHaveText(
      /^Self-test/,
    );

    // Short answers keep the story quick on SwiftShader; the long one below is stopped by hand.
    await setMaxNewTokens(page, 48);
    await send(page, 'Hello there, little model');
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await expect(conversation.getByRole('article', { name: 'You said' })).toHaveText(
      'Hello there, little model',
    );
    const first = answers(page).first();
    await expect(first.getByTestId('speed')).toHaveText(/^\d+(\.\d)? tok\/s$/, { timeout: 90_000 });
    await expect(first.getByTestId('placement')).toContainText('on device');
    expect((await first.locator('.markdown').textContent())?.length ?? 0).toBeGreaterThan(0);

    // A long answer, stopped midway: the text so far stays, marked stopped.
    await setMaxNewTokens(page, 1500);
    await send(page, 'Now talk for a long time');
    const second = answers(page).nth(1);
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await expect
      .poll(async () => (await second.locator('.markdown').textContent())?.length ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(second).toContainText('Stopped');
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();

    await page.getByRole('button', { name: 'New chat' }).click();
    await expect(answers(page)).toHaveCount(0);
    await setMaxNewTokens(page, 48);
    await send(page, 'A second conversation');
    await expect(answers(page).first().getByTestId('speed')).toBeVisible({ timeout: 60_000 });

    const chats = page.getByRole('navigation', { name: 'Conversations' });
    await expect(chats.getByRole('listitem')).toHaveCount(2);

    await page.reload();
    await expect(chats.getByRole('listitem')).toHaveCount(2);
    await expect(chats.getByRole('button', { name: 'A second conversation', exact: true })).toBeVisible();
    await chats.getByRole('button', { name: 'Hello there, little model', exact: true }).click();
    await expect(answers(page)).toHaveCount(2);
    await expect(answers(page).nth(1)).toContainText('Stopped');

    page.once('dialog', (dialog) => void dialog.accept());
    await chats.getByRole('button', { name: 'Delete chat: Hello there, little model' }).click();
    await expect(chats.getByRole('listitem')).toHaveCount(1);
    await page.reload();
    await expect(chats.getByRole('listitem')).toHaveCount(1);
    await expect(chats.getByRole('button', { name: 'A second conversation', exact: true })).toBeVisible();
  });

  test('an answer streaming when the page reloads is kept up to its last saved token, marked stopped', async ({
    page,
  }) => {
    await page.goto('/');
    await setMaxNewTokens(page, 1500);
    await send(page, 'Keep going');
    const answer = answers(page).first();
    await expect
      .poll(async () => (await answer.locator('.markdown').textContent())?.length ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(40);
    await page.waitForTimeout(400);
    const before = (await answer.locator('.markdown').textContent()) ?? '';
    await page.reload();
    await expect(answers(page).first()).toContainText('Stopped');
    await expect(page.getByRole('status').filter({ hasText: 'cut off' })).toBeVisible();
    const after = (await answers(page).first().locator('.markdown').textContent()) ?? '';
    expect(after.length).toBeGreaterThan(0);
    // What was saved is a prefix of what was on screen (it is saved every 250 ms).
    expect(before.startsWith(after.slice(0, Math.min(after.length, 20)))).toBe(true);
  });
});
