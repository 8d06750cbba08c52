import type { Page } from '@playwright/test';

export interface ScriptOptions {
  /** One `tokens` message this often (default 2 ms). */
  everyMs?: number;
  /** Reported with each answer: an unsure one makes the router's cascade act. */
  unsure?: boolean;
}

/**
 * Replaces the inference worker, before the app loads, with a stand-in that speaks the real protocol and
 * streams `answer` in small uneven chunks. It honours `abort` like the real worker (the generation ends
 * with finishReason 'aborted'). The page path behind it (client, stores, rendering) stays real.
 */
export async function installScriptedWorker(
  page: Page,
  answer: string,
  options: ScriptOptions = {},
): Promise<void> {
  const script = { answer, everyMs: options.everyMs ?? 2, unsure: options.unsure ?? false };
  await page.addInitScript((script: { answer: string; everyMs: number; unsure: boolean }) => {
    const PROTOCOL_VERSION = 1;
    type Listener = (event: MessageEvent) => void;
    class ScriptedWorker {
      #listeners: Listener[] = [];
      #stopGeneration: (() => void) | null = null;
      addEventListener(type: string, listener: Listener): void {
        if (type === 'message') this.#listeners.push(listener);
      }
      terminate(): void {
        this.#stopGeneration?.();
      }
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
            modelBytes: 1000,
            threads: 1,
          });
        } else if (kind === 'generate') {
          // Small uneven chunks, so half-finished tags appear on screen mid-stream too.
          const chunks = script.answer.match(/[\s\S]{1,7}/g) ?? [];
          let index = 0;
          let text = '';
          const finish = (finishReason: 'stop' | 'aborted'): void => {
            clearInterval(timer);
            this.#stopGeneration = null;
            reply({
              text,
              finishReason,
              trimmedMessages: 0,
              stats: {
                promptTokens: 5,
                generatedTokens: index,
                ttftMs: 5,
                prefillTokensPerS: 1000,
                decodeTokensPerS: 100,
                totalMs: 50,
              },
              ...(script.unsure
                ? { confidence: { tokens: 16, meanEntropy: 5, normalizedEntropy: 0.9, meanTopLogprob: -4 } }
                : {}),
            });
          };
          const timer = setInterval(() => {
            const chunk = chunks[index];
            if (chunk === undefined) {
              finish('stop');
              return;
            }
            text += chunk;
            this.#emit({
              v: PROTOCOL_VERSION,
              id,
              kind: 'tokens',
              tokens: [{ text: chunk, index, atMs: index }],
            });
            index++;
          }, script.everyMs);
          this.#stopGeneration = () => finish('aborted');
        } else if (kind === 'abort') {
          const generating = this.#stopGeneration !== null;
          this.#stopGeneration?.();
          reply({ aborted: generating });
        } else {
          reply(kind === 'ping' ? { pong: true, version: 1 } : { unloaded: true });
        }
      }
    }
    Object.defineProperty(window, 'Worker', { value: ScriptedWorker });
  }, script);
}
