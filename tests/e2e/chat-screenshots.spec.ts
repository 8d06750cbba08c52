import { expect, test } from '@playwright/test';
import { installScriptedWorker } from './support/scripted-worker';

const ANSWER = `Here is a **short plan** with code:

1. Measure first
2. Then optimise

| backend | tok/s |
| --- | --- |
| WebGPU | 42.0 |
| WASM | 12.5 |

\`\`\`ts
const speed = tokens / seconds;
\`\`\`
`;

for (const viewport of [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
]) {
  test(`the chat reads well on a ${viewport.name} (${viewport.width} px)`, async ({ page }, testInfo) => {
    await installScriptedWorker(page, ANSWER);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto('/');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('How do I make a model fast?');
    await box.press('Enter');
    const answer = page
      .getByRole('region', { name: 'Conversation' })
      .getByRole('article', { name: 'Answer' });
    await expect(answer.getByTestId('speed')).toBeVisible();
    await expect(answer.getByRole('table')).toBeVisible();
    await expect(answer.getByRole('button', { name: 'Copy code' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await testInfo.attach(`chat-${viewport.name}.png`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
  });
}
