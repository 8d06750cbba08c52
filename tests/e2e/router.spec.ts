import { expect, test } from '@playwright/test';
import {
  answers,
  ask,
  CLOUD_KEY as KEY,
  configureCloud as configure,
  openPage,
  setMaxNewTokens,
} from './support/chat';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';

const HARD =
  'Prove rigorously that there are infinitely many primes of the form 4k+3, then derive step by step why the same argument fails for primes of the form 4k+1 and analyze what extra tool is needed.';
const EASY = 'Translate "good morning, see you tomorrow" into French.';

let cloud: FakeOpenAI;
test.beforeEach(async () => {
  cloud = await startFakeOpenAI();
});
test.afterEach(async () => {
  await cloud.close();
});

const configureCloud = (
  page: Parameters<typeof configure>[0],
  model: string,
  mode?: Parameters<typeof configure>[3],
) => configure(page, cloud.url, model, mode);
const setShortAnswers = (page: Parameters<typeof setMaxNewTokens>[0]) => setMaxNewTokens(page, 24);

test('Automatic sends a hard question to the cloud and an easy one to the device, and the key goes only to the endpoint', async ({
  page,
}) => {
  const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
  page
    .context()
    .on('request', (request) =>
      seen.push({ url: request.url(), headers: request.headers(), body: request.postData() ?? '' }),
    );
  await configureCloud(page, 'fake-good');

  const hard = await ask(page, HARD);
  await expect(hard.getByTestId('placement')).toContainText('cloud', { timeout: 30_000 });
  await expect(hard).toContainText('Here is a careful cloud answer.');
  await expect(hard.getByTestId('placement')).toContainText('looks hard');
  expect(cloud.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

  await setShortAnswers(page);
  const easy = await ask(page, EASY);
  await expect(easy.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
  await expect(easy.getByTestId('speed')).toBeVisible({ timeout: 60_000 });

  // The cascade: the self-test model has random weights, so its answer is unsure by any measure, and
  // Automatic mode re-asks the cloud with that reason. The device answer stays.
  const all = answers(page);
  await expect(all).toHaveCount(3, { timeout: 30_000 });
  await expect(all.nth(1).getByTestId('placement')).toContainText('on device');
  await expect(all.nth(1).getByTestId('unsure')).toContainText('looked unsure');
  const escalated = all.nth(2);
  await expect(escalated.getByTestId('placement')).toContainText('cloud', { timeout: 30_000 });
  await expect(escalated.getByTestId('placement')).toContainText('unsure');
  await expect(escalated).toContainText('Here is a careful cloud answer.');
  expect(cloud.requests).toHaveLength(2);
  const reasked = JSON.parse(cloud.requests[1]?.body ?? '{}') as {
    messages?: { role: string; content: string }[];
  };
  expect(reasked.messages?.at(-1)).toEqual({ role: 'user', content: EASY });

  const leaks = seen.filter(
    (request) =>
      !request.url.startsWith(cloud.url) &&
      (JSON.stringify(request.headers).includes(KEY) ||
        request.body.includes(KEY) ||
        request.url.includes(KEY)),
  );
  expect(leaks).toEqual([]);
  expect(seen.filter((request) => request.url.startsWith(cloud.url)).length).toBeGreaterThan(0);
});

test('a message with an email address stays on device in Always cloud until the person confirms', async ({
  page,
}) => {
  await configureCloud(page, 'fake-good', 'Always cloud');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await setShortAnswers(page);
  const answer = await ask(page, 'Write a short thank-you note to maria.lopez@example.com for the flowers.');
  await expect(answer.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
  await expect(answer.getByTestId('placement')).toContainText('an email address');
  await expect(answer.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
  expect(cloud.requests).toHaveLength(0);

  await answer.getByRole('button', { name: 'Send to cloud anyway' }).click();
  const confirmed = page
    .getByRole('region', { name: 'Conversation' })
    .getByRole('article', { name: 'Answer' })
    .last();
  await expect(confirmed.getByTestId('placement')).toContainText('cloud', { timeout: 30_000 });
  await expect(confirmed).toContainText('Here is a careful cloud answer.');
  expect(cloud.requests).toHaveLength(1);
});

for (const [model, message] of [
  ['fake-429', /busy|rate|too many/i],
  ['fake-drop', /closed before the answer was finished/i],
] as const) {
  test(`a cloud failure (${model}) is said clearly and the answer falls back to the device`, async ({
    page,
  }) => {
    await configureCloud(page, model, 'Always cloud');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    await setShortAnswers(page);
    await ask(page, HARD);
    // The device's answer: the last one (a partial cloud answer, if any, stays above it).
    const answer = answers(page).last();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    const alert = conversation.getByRole('alert');
    await expect(alert).toContainText(message, { timeout: 30_000 });
    await expect(alert).toContainText('Answered on this device instead');
    await expect(answer.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
    await expect(answer.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
    if (model === 'fake-429') {
      await expect(alert).toContainText('Try again in 2 minutes');
      // The server asked for 90 s: the next message stays on this device and says why, with no request.
      const next = await ask(page, HARD);
      await expect(next.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
      await expect(next.getByTestId('placement')).toContainText('asked to wait');
      await expect(next.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
      expect(cloud.requests).toHaveLength(1);
      // The wait survives a reload: it is kept on this device, not in the page.
      await page.reload();
      const afterReload = await ask(page, HARD);
      await expect(afterReload.getByTestId('placement')).toContainText('asked to wait', { timeout: 60_000 });
      await expect(afterReload.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
      expect(cloud.requests).toHaveLength(1);
    }
    if (model === 'fake-drop') {
      // Nothing is lost: the part the cloud sent stays, marked stopped, above the device's answer.
      const partial = conversation.getByRole('article', { name: 'Answer' }).first();
      await expect(partial).toContainText('Here');
      await expect(partial).toContainText('Stopped');
      await expect(partial.getByTestId('placement')).toContainText('cloud');
    }
  });
}

test('the monthly budget is a hard stop, and a price entered in Settings is what the budget counts', async ({
  page,
}) => {
  await configureCloud(page, 'fake-good');
  const budget = page.getByRole('spinbutton', { name: 'Monthly cloud budget (USD)' });
  await budget.fill('0.0002');
  await budget.press('Tab');
  // No price is known for "fake-good", so the budget counts it at the cautious default and it cannot fit.
  await expect(page.getByText('No price is known for fake-good')).toBeVisible();

  await openPage(page, 'Chat');
  await setShortAnswers(page);
  const blocked = await ask(page, HARD);
  await expect(blocked.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
  await expect(blocked.getByTestId('placement')).toContainText('exceed the monthly cloud budget');
  await expect(blocked.getByTestId('speed')).toBeVisible({ timeout: 60_000 });
  expect(cloud.requests).toHaveLength(0);

  // $1000 per million tokens both ways: the fake server reports 40 + 6 tokens, so an answer costs $0.046.
  // In a fresh chat the estimate before sending is $0.094 (prompt ÷ 4 + 24 new tokens), which a $0.12
  // budget allows; the second question's estimate ($0.150) no longer fits in the $0.074 left.
  await openPage(page, 'Settings');
  for (const name of ['Input price (USD per million tokens)', 'Output price (USD per million tokens)']) {
    await page.getByRole('spinbutton', { name }).fill('1000');
    await page.getByRole('spinbutton', { name }).press('Tab');
  }
  await budget.fill('0.12');
  await budget.press('Tab');
  await expect(page.getByText('No price is known for fake-good')).toBeHidden();

  await openPage(page, 'Chat');
  await page.getByRole('button', { name: 'New chat' }).click();
  await setShortAnswers(page);
  const allowed = await ask(page, HARD);
  await expect(allowed.getByTestId('placement')).toContainText('cloud', { timeout: 30_000 });
  await expect(allowed).toContainText('Here is a careful cloud answer.');
  expect(cloud.requests).toHaveLength(1);
  await openPage(page, 'Settings');
  await expect(page.getByTestId('cloud-spend')).toContainText('Spent this month: $0.0460 of $0.12');

  const stopped = await ask(page, HARD);
  await expect(stopped.getByTestId('placement')).toContainText('on device', { timeout: 60_000 });
  await expect(stopped.getByTestId('placement')).toContainText('exceed the monthly cloud budget');
  expect(cloud.requests).toHaveLength(1);
});
