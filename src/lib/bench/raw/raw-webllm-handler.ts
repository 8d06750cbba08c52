/**
 * The baseline for web-llm's `overhead_ratio`: MLCEngine called directly, with the same model record
 * Hearth builds, minus Hearth's preflight, protocol, context fitting and streaming. Runs inside
 * workers/raw-webllm-bench.worker.ts.
 */
import { MLCEngine } from '@mlc-ai/web-llm';
import { DecodeTimer } from '../../engine/stats';
import type { RawReply, RawRequest } from './protocol';

let engine: MLCEngine | null = null;

export async function handleRawWebLlmRequest(request: RawRequest): Promise<RawReply> {
  try {
    switch (request.kind) {
      case 'load': {
        const options = request.webllm;
        if (!options) throw new Error('a web-llm load needs its model URLs');
        const started = performance.now();
        await engine?.unload();
        engine = new MLCEngine({
          appConfig: {
            model_list: [
              {
                model: options.modelUrl,
                model_id: request.modelId,
                model_lib: options.modelLibUrl,
                overrides: { context_window_size: options.contextWindow },
                required_features: options.requiredFeatures,
              },
            ],
            cacheBackend: 'indexeddb',
          },
          logLevel: 'WARN',
        });
        await engine.reload(request.modelId);
        return { id: request.id, ok: true, loadMs: performance.now() - started };
      }
      case 'generate': {
        if (!engine) throw new Error('no model loaded');
        const timer = new DecodeTimer(performance.now());
        let promptTokens = 0;
        const stream = await engine.chat.completions.create({
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: request.maxNewTokens,
          ignore_eos: true,
          temperature: 0,
        });
        for await (const chunk of stream) {
          if (chunk.choices[0]?.delta.content) timer.tokenArrived(performance.now());
          if (chunk.usage) promptTokens = chunk.usage.prompt_tokens;
        }
        return { id: request.id, ok: true, stats: timer.stats(promptTokens, performance.now()) };
      }
      case 'unload': {
        await engine?.unload();
        engine = null;
        return { id: request.id, ok: true };
      }
    }
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
