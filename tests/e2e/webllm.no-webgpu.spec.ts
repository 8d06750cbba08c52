import { expect, test } from '@playwright/test';
import { answers } from './support/chat';
import { startModelMirror } from './support/model-mirror';

const MODEL_ID = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

test('without WebGPU, a web-llm model is refused before any request, naming what is missing, and a WebAssembly model is offered', async ({
  page,
}) => {
  const mirror = await startModelMirror();
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Model mirror URL' }).fill(mirror.url);
  await page.getByRole('textbox', { name: 'Model mirror URL' }).press('Enter');
  await expect(page.getByText('Saved', { exact: false })).toBeVisible();

  // A chat made on a machine with a GPU, opened here: its web-llm model comes with it.
  await page.evaluate(
    (modelId) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('hearth');
        open.onsuccess = () => {
          const tx = open.result.transaction('conversations', 'readwrite');
          tx.objectStore('conversations').put({
            id: 'from-a-gpu-machine',
            title: 'Started on the desktop',
            createdAt: Date.now(),
            updatedAt: Date.now(),
            modelId,
            systemPrompt: 'Be brief.',
            settings: { temperature: 0.7, topP: 0.9, maxNewTokens: 16 },
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    MODEL_ID,
  );
  await page.goto('/');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(MODEL_ID);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Hello?');
  await box.press('Enter');

  const answer = answers(page).first();
  await expect(answer.getByRole('alert')).toContainText('WebGPU', { timeout: 30_000 });
  await expect(answer.getByRole('alert')).toContainText('runs only on WebGPU');
  const offer = page.getByTestId('model-offer');
  await expect(offer.getByRole('button', { name: /^Use .*\(ONNX q4\) instead$/ })).toBeVisible();
  // The GPU was checked before anything was fetched.
  expect(mirror.served).toEqual([]);

  await offer.getByRole('button', { name: /^Use .* instead$/ }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(/^onnx-community\//);
  await mirror.stop();
});
