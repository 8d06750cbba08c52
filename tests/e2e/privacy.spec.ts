import { expect, test } from '@playwright/test';
import { answers, ask, chooseMode, configureCloud } from './support/chat';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import { installScriptedWorker } from './support/scripted-worker';

const EMAIL = 'jane.doe@example.org';
const HARD =
  'Prove rigorously that there are infinitely many primes of the form 4k+3, then derive step by step why the same argument fails for primes of the form 4k+1.';
const EASY = 'Translate "see you tomorrow" into French.';

let cloud: FakeOpenAI;
test.beforeEach(async () => {
  cloud = await startFakeOpenAI();
});
test.afterEach(async () => {
  await cloud.close();
});

test('an email in an earlier turn never reaches the cloud, in any mode or through the cascade, until the person confirms', async ({
  page,
}) => {
  // The device model reports every answer as unsure, so the cascade wants the cloud each time.
  await installScriptedWorker(page, 'A short answer from this device.', { unsure: true });
  await configureCloud(page, cloud.url, 'fake-good', 'Automatic');

  // Easy messages stay on device by score; the cascade would then re-ask the cloud, but it is private.
  const first = await ask(page, `Please remember my email address, ${EMAIL}.`);
  await expect(first).toContainText('A short answer from this device.');
  await expect(first.getByTestId('unsure')).toBeVisible();
  await expect(first.getByText('It contains an email address in this message')).toBeVisible();

  const easy = await ask(page, EASY);
  await expect(easy).toContainText('A short answer from this device.');
  await expect(easy.getByTestId('unsure')).toBeVisible();
  await expect(easy.getByText('It contains an email address in your previous message')).toBeVisible();

  // Automatic, a hard question that would go to the cloud by score.
  const hard = await ask(page, HARD);
  await expect(hard.getByTestId('placement')).toContainText('on device');
  await expect(hard.getByTestId('placement')).toContainText('an email address in your message 2 turns ago');

  // The per-message choice "Cloud" beside Send.
  const chosen = await ask(page, HARD, 'Cloud');
  await expect(chosen.getByTestId('placement')).toContainText('on device');
  await expect(chosen.getByTestId('placement')).toContainText('an email address');

  // Always cloud.
  await chooseMode(page, 'Always cloud');
  const always = await ask(page, HARD);
  await expect(always.getByTestId('placement')).toContainText('on device');
  await expect(always.getByTestId('placement')).toContainText('so it stays on this device');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  expect(cloud.requests).toHaveLength(0);

  // The person confirms, knowing which turn: only now does the conversation leave the device.
  await expect(always.getByText(/It contains an email address in your message \d turns ago/)).toBeVisible();
  await always.getByRole('button', { name: 'Send to cloud anyway' }).click();
  const confirmed = answers(page).last();
  await expect(confirmed.getByTestId('placement')).toContainText('cloud', { timeout: 30_000 });
  await expect(confirmed).toContainText('Here is a careful cloud answer.');
  expect(cloud.requests).toHaveLength(1);
  expect(cloud.requests[0]?.body).toContain(EMAIL);

  // A new chat without private data does go to the cloud: the guard follows the conversation, not the tab.
  await page.getByRole('button', { name: 'New chat' }).click();
  const clean = await ask(page, HARD);
  await expect(clean).toContainText('Here is a careful cloud answer.', { timeout: 30_000 });
  expect(cloud.requests).toHaveLength(2);
  expect(cloud.requests[1]?.body).not.toContain(EMAIL);
});
