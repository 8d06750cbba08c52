import { expect, test, type Page } from '@playwright/test';
import { answers, ask, configureCloud } from './support/chat';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import { installScriptedWorker } from './support/scripted-worker';

/** Every message row Hearth has in IndexedDB, read from the page as the app would. */
async function storedMessages(page: Page): Promise<{ conversationId: string; content: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('hearth');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('messages').objectStore('messages').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as { conversationId: string; content: string }[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function deleteChat(page: Page, title: string): Promise<void> {
  page.once('dialog', (dialog) => void dialog.accept());
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: `Delete chat: ${title}` })
    .click();
}

let cloud: FakeOpenAI;
test.beforeEach(async () => {
  cloud = await startFakeOpenAI();
});
test.afterEach(async () => {
  await cloud.close();
});

test('deleting a chat while its device answer streams stops it, and nothing of it is written back', async ({
  page,
}) => {
  await installScriptedWorker(page, 'word '.repeat(2000), { everyMs: 20 });
  await page.goto('/');
  await ask(page, 'Keep talking please');
  const answer = answers(page).first();
  await expect
    .poll(async () => (await answer.textContent())?.length ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(60);

  await deleteChat(page, 'Keep talking please');
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(0);
  await expect(answers(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  // Longer than the 250 ms save interval: a late write would have landed by now.
  await page.waitForTimeout(1000);
  expect(await storedMessages(page)).toEqual([]);

  await page.reload();
  await expect(page.getByText('No chats yet.')).toBeVisible();
  expect(await storedMessages(page)).toEqual([]);
});

test('deleting a chat while its cloud answer streams closes the connection, and nothing is written back', async ({
  page,
}) => {
  await installScriptedWorker(page, 'unused');
  await configureCloud(page, cloud.url, 'fake-slow', 'Always cloud');
  await ask(page, 'Tell me a long story');
  const answer = answers(page).first();
  await expect(answer.getByTestId('placement')).toContainText('cloud');
  await expect(answer).toContainText('word3', { timeout: 15_000 });

  await deleteChat(page, 'Tell me a long story');
  await expect(answers(page)).toHaveCount(0);
  await expect.poll(() => cloud.closedEarly(), { timeout: 5_000 }).toBe(1);
  await page.waitForTimeout(1000);
  expect(await storedMessages(page)).toEqual([]);
  // The device never took over: a deleted chat gets no fallback answer either.
  await page.reload();
  await expect(page.getByText('No chats yet.')).toBeVisible();
});
