import type { Page } from '@playwright/test';

/**
 * Replaces the inference worker, before the app loads, with a stand-in that speaks the real protocol and
 * streams `answer` in small uneven chunks. The page path behind it (client, stores, rendering) stays real.
 */
export async function installScriptedWorker(page: Page, answer: string): Promise<void> {
  await page.addInitScript((answer: string) => {
    const PROTOCOL_VERSION = 1;
    type Listener = (event: MessageEvent) => void;
    class ScriptedWorker {
      #listeners: Listener[] = [];
      addEventListener(type: string, listener: Listener): void {
        if (type === 'message') this.#listeners.push(listener);
      }
      terminate(): void {}
      #emit(data: unknown): void {
        for (const listener of this.#listeners) listener(new MessageEvent('message', { data }));
      }
      postMessage(message: { id: number; kind: string }): void {
        const { id, kind } = message;
        const reply = (result: unknown): void =>
          this.#emit({ v: PROTOCOL_VERSION, id, kind: 'result', result });
        if (kind === 'load') {
          reply({
            modelId: 'hearth/self-test-tiny',
            backend: 'wasm',
            dtype: 'fp32',
            loadMs: 1,
            contextWindow: 2048,
            threads: 1,
          });
        } else if (kind === 'generate') {
          // Small uneven chunks, so half-finished tags appear on screen mid-stream too.
          const chunks = answer.match(/[\s\S]{1,7}/g) ?? [];
          let index = 0;
          const timer = setInterval(() => {
            const text = chunks[index];
            if (text === undefined) {
              clearInterval(timer);
              reply({
                text: answer,
                finishReason: 'stop',
                trimmedMessages: 0,
                stats: {
                  promptTokens: 5,
                  generatedTokens: chunks.length,
                  ttftMs: 5,
                  prefillTokensPerS: 1000,
                  decodeTokensPerS: 100,
                  totalMs: 50,
                },
              });
              return;
            }
            this.#emit({ v: PROTOCOL_VERSION, id, kind: 'token', token: { text, index, atMs: index } });
            index++;
          }, 2);
        } else {
          reply(kind === 'ping' ? { pong: true, version: 1 } : { aborted: false, unloaded: true });
        }
      }
    }
    Object.defineProperty(window, 'Worker', { value: ScriptedWorker });
  }, answer);
}
