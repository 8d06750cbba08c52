import type { Backend, ChatMessage, Engine, GenerationStats, LoadRequest } from '../engine/types';
import { DecodeTimer } from '../engine/stats';

export interface LoadedFacts {
  loadMs: number;
  backend: Backend;
  dtype: string;
  modelBytes: number;
  contextWindow: number;
  /** WebAssembly threads the runtime used. */
  threads: number;
  fallbackReason?: string;
}

/** What the runner measures: Hearth's own engine, or the engine library with nothing of Hearth's around it. */
export interface BenchTarget {
  load(): Promise<LoadedFacts>;
  unload(): Promise<void>;
  generate(messages: ChatMessage[], maxNewTokens: number): Promise<GenerationStats>;
  dispose(): Promise<void>;
}

/**
 * Hearth as people use it. Time to first token is taken on the page (request, worker, protocol and delivery
 * included). Decode speed uses the time Hearth's worker stamped on each token it streamed: Hearth's per-token
 * work (detokenizing, batching, posting) runs in the generation loop and so slows those stamps, while the
 * page's arrival times would only add the ≤ 16 ms frame batching of delivery.
 */
export function appTarget(engine: Engine, request: LoadRequest): BenchTarget {
  return {
    async load() {
      const started = performance.now();
      const result = await engine.load(request);
      return { ...result, loadMs: performance.now() - started };
    },
    unload: () => engine.unload(),
    async generate(messages, maxNewTokens) {
      const sentAt = performance.now();
      let firstArrival: number | null = null;
      const streamed = new DecodeTimer(0);
      const result = await engine.generate(
        { messages, maxNewTokens, temperature: 0, topP: 1, ignoreEos: true },
        {
          onToken: (token) => {
            firstArrival ??= performance.now();
            streamed.tokenArrived(token.atMs);
          },
        },
      );
      const endedAt = performance.now();
      const decode = streamed.stats(result.stats.promptTokens, endedAt);
      const ttftMs = (firstArrival ?? endedAt) - sentAt;
      return {
        ...decode,
        ttftMs,
        prefillTokensPerS: ttftMs > 0 ? (result.stats.promptTokens / ttftMs) * 1000 : 0,
        totalMs: endedAt - sentAt,
      };
    },
    dispose: () => engine.dispose(),
  };
}
