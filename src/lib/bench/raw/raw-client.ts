import type { Backend, ChatMessage, GenerationStats, WebLlmLoadOptions } from '../../engine/types';
import type { BenchTarget, LoadedFacts } from '../targets';
import type { RawReply, RawRequest } from './protocol';

type RawBody = RawRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface RawLoad {
  modelId: string;
  modelHost: string;
  revision: string;
  backend: Backend;
  dtype: string;
  webllm?: WebLlmLoadOptions;
  threads?: number;
}

/** The page side of the raw worker; a silent worker fails the benchmark after `timeoutMs` instead of hanging it. */
export function rawTarget(
  worker: Worker,
  load: RawLoad,
  facts: Omit<LoadedFacts, 'loadMs' | 'threads'>,
  timeoutMs = 300_000,
): BenchTarget {
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: RawReply) => void; reject: (error: Error) => void }>();
  worker.addEventListener('message', (event: MessageEvent<RawReply>) => {
    pending.get(event.data.id)?.resolve(event.data);
    pending.delete(event.data.id);
  });
  worker.addEventListener('error', (event) => {
    for (const { reject } of pending.values())
      reject(new Error(`The raw benchmark worker crashed: ${event.message}`));
    pending.clear();
  });

  function send(body: RawBody): Promise<RawReply & { ok: true }> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`The raw benchmark worker did not answer "${body.kind}" in ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          if (reply.ok) resolve(reply);
          else reject(new Error(`The raw engine library failed: ${reply.message}`));
        },
        reject,
      });
      worker.postMessage({ id, ...body });
    });
  }

  return {
    async load() {
      const started = performance.now();
      const reply = await send({ kind: 'load', ...load });
      return { ...facts, loadMs: performance.now() - started, threads: reply.threads ?? 1 };
    },
    async unload() {
      await send({ kind: 'unload' });
    },
    async generate(messages: ChatMessage[], maxNewTokens: number): Promise<GenerationStats> {
      const reply = await send({ kind: 'generate', messages, maxNewTokens });
      if (!reply.stats) throw new Error('The raw benchmark worker sent no figures.');
      return reply.stats;
    },
    async dispose() {
      worker.terminate();
    },
  };
}
