import { expect, test } from '@playwright/test';
import { answers, ask } from './support/chat';
import { installScriptedWorker } from './support/scripted-worker';

const ANSWER = 'An answer from this device.';

test('with storage refused (a private window), the chat still answers in memory and says so once', async ({
  page,
}) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await installScriptedWorker(page, ANSWER);
  await page.goto('/');

  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('does not let Hearth save data on this device');
  await expect(notice).toContainText('live only in this tab');
  await expect(page.getByText('Loading chats…')).toBeHidden();

  const answer = await ask(page, 'Does this still work?');
  await expect(answer).toContainText(ANSWER);
  await expect(page.getByRole('article', { name: 'You said' })).toHaveText('Does this still work?');
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1);
  // Said once, in the header: no second notice about saving under the chat.
  await expect(page.getByRole('status').filter({ hasText: 'could not be saved' })).toHaveCount(0);

  const second = await ask(page, 'And again?');
  await expect(second).toContainText(ANSWER);
  await expect(answers(page)).toHaveCount(2);
});

test('a newer Hearth upgrading the database in a second tab: this tab steps aside at once, says "reload", and keeps answering', async ({
  context,
}) => {
  const older = await context.newPage();
  await installScriptedWorker(older, ANSWER);
  await older.goto('/');
  const first = await ask(older, 'Before the update');
  await expect(first).toContainText(ANSWER);

  // The second tab plays the newer version: it opens the database one version up.
  const newer = await context.newPage();
  await newer.goto('/settings');
  const upgraded = await newer.evaluate(
    () =>
      new Promise<string>((resolve) => {
        void indexedDB.databases().then((all) => {
          const current = all.find((db) => db.name === 'hearth')?.version ?? 1;
          const request = indexedDB.open('hearth', current + 1);
          const timer = setTimeout(() => resolve('still blocked after 5 s'), 5000);
          request.onblocked = () => undefined;
          request.onsuccess = () => {
            clearTimeout(timer);
            request.result.close();
            resolve(`opened version ${request.result.version}`);
          };
          request.onerror = () => resolve(`failed: ${String(request.error)}`);
        });
      }),
  );
  expect(upgraded).toMatch(/^opened version \d+$/);

  const notice = older.getByTestId('storage-notice');
  await expect(notice).toContainText('Hearth was updated in another tab. Reload this tab to keep saving.');
  await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();

  // The old tab never hangs: it answers, and what it could not save stays on screen.
  const after = await ask(older, 'After the update');
  await expect(after).toContainText(ANSWER);
  await expect(older.getByRole('article', { name: 'You said' })).toHaveCount(2);
});
