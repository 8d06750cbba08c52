/**
 * The baseline for `overhead_ratio`: transformers.js called directly, loaded and timed the same way as
 * Hearth's engine (same library settings, same token timing), minus Hearth's protocol, streaming and
 * context handling. Runs inside workers/raw-bench.worker.ts.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { DecodeTimer } from '../../engine/stats';
import { configureLibrary, threadsInUse, TokenStreamer, toDataType } from '../../engine/transformers/library';
import type { RawReply, RawRequest } from './protocol';

let model: PreTrainedModel | null = null;
let tokenizer: PreTrainedTokenizer | null = null;

export async function handleRawRequest(request: RawRequest): Promise<RawReply> {
  try {
    switch (request.kind) {
      case 'load': {
        const started = performance.now();
        await model?.dispose();
        configureLibrary(request.modelHost, request.threads);
        tokenizer = await AutoTokenizer.from_pretrained(request.modelId, { revision: request.revision });
        model = await AutoModelForCausalLM.from_pretrained(request.modelId, {
          revision: request.revision,
          device: request.backend,
          dtype: toDataType(request.dtype),
        });
        return { id: request.id, ok: true, loadMs: performance.now() - started, threads: threadsInUse() };
      }
      case 'generate': {
        if (!model || !tokenizer) throw new Error('no model loaded');
        const timer = new DecodeTimer(performance.now());
        const inputs = tokenizer.apply_chat_template(request.messages, {
          add_generation_prompt: true,
          return_dict: true,
        });
        // Only the arrival time of each token is taken: no text is decoded while timing.
        const streamer = new TokenStreamer(tokenizer, () => void timer.tokenArrived(performance.now()));
        await model.generate({
          ...inputs,
          max_new_tokens: request.maxNewTokens,
          min_new_tokens: request.maxNewTokens,
          do_sample: false,
          streamer,
        });
        return {
          id: request.id,
          ok: true,
          stats: timer.stats(inputs.input_ids.dims.at(-1) ?? 0, performance.now()),
        };
      }
      case 'unload': {
        await model?.dispose();
        model = null;
        tokenizer = null;
        return { id: request.id, ok: true };
      }
    }
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
