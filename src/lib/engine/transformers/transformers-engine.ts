/**
 * The transformers.js (ONNX Runtime Web) engine. It runs inside the inference worker only: the page never
 * imports this module, so the engine libraries stay out of the main thread and the first page load.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type ProgressInfo,
  Tensor,
} from '@huggingface/transformers';
import { browserGpu, probeWebGPU } from '../../device';
import {
  InvalidRequestError,
  ModelNotLoadedError,
  toHearthError,
  WebGpuUnavailableError,
} from '../../errors';
import { fitToContext } from '../context';
import { IncrementalDetokenizer } from '../detokenizer';
import { confidenceProcessors, configureLibrary, threadsInUse, TokenStreamer, toDataType } from './library';
import { yieldDuringGeneration } from './yield';
import { ConfidenceMeter, type GenerationConfidence } from '../confidence';
import { chooseDtype } from '../dtype';
import { DecodeTimer } from '../stats';
import type {
  Backend,
  Engine,
  GenerateCallbacks,
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
} from '../types';

interface Loaded {
  modelId: string;
  model: PreTrainedModel;
  tokenizer: PreTrainedTokenizer;
  result: LoadResult;
}

export class TransformersEngine implements Engine {
  #loaded: Loaded | null = null;
  #stopping = new InterruptableStoppingCriteria();

  async load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    const started = performance.now();
    await this.unload();
    configureLibrary(request.modelHost, request.threads);

    const { backend, shaderF16, fallbackReason } = await this.#resolveBackend(request.backend);
    const dtype = chooseDtype(request.dtypes, backend, shaderF16);
    const { report, totalBytes } = progressReporter(onProgress);

    const tokenizer = await AutoTokenizer.from_pretrained(request.modelId, { revision: request.revision });
    let model: PreTrainedModel;
    let usedBackend: Backend = backend;
    let usedDtype = dtype;
    let reason = fallbackReason;
    try {
      model = await this.#loadModel(request, backend, dtype, report);
    } catch (error) {
      const hearth = toHearthError(error);
      // A missing file is missing on every backend; anything else on WebGPU gets one try on the CPU.
      if (backend !== 'webgpu' || request.backend === 'webgpu' || hearth.code === 'MODEL_FILE_NOT_FOUND')
        throw hearth;
      usedBackend = 'wasm';
      usedDtype = chooseDtype(request.dtypes, 'wasm', false);
      reason = `WebGPU failed to start this model (${hearth.message}); running on WebAssembly instead.`;
      model = await this.#loadModel(request, 'wasm', usedDtype, report);
    }

    const contextWindow = readContextWindow(model);
    const result: LoadResult = {
      modelId: request.modelId,
      backend: usedBackend,
      dtype: usedDtype,
      loadMs: performance.now() - started,
      contextWindow,
      modelBytes: totalBytes(),
      threads: threadsInUse(),
      ...(reason ? { fallbackReason: reason } : {}),
    };
    this.#loaded = { modelId: request.modelId, model, tokenizer, result };
    return result;
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerationResult> {
    const loaded = this.#loaded;
    if (!loaded) throw new ModelNotLoadedError('generate was asked before any model was loaded');
    const { model, tokenizer } = loaded;
    const timer = new DecodeTimer(performance.now());

    const budget = loaded.result.contextWindow - request.maxNewTokens;
    if (budget < 8) {
      throw new InvalidRequestError(
        `"Max new tokens" (${request.maxNewTokens}) leaves no room for the prompt in this model's ${loaded.result.contextWindow}-token context.`,
      );
    }
    // Each candidate prompt is tokenized once; the one that fits is reused as the model's input.
    const encoded = new Map<number, number[]>();
    const fitted = fitToContext(request.messages, budget, (messages) => {
      const ids = tokenizer.apply_chat_template(messages, {
        add_generation_prompt: true,
        return_tensor: false,
        return_dict: false,
      });
      encoded.set(messages.length, ids);
      return ids.length;
    });
    const promptIds = encoded.get(fitted.messages.length) ?? [];
    const promptTokens = promptIds.length;
    const inputs = {
      input_ids: new Tensor('int64', BigInt64Array.from(promptIds, BigInt), [1, promptTokens]),
      attention_mask: new Tensor('int64', new BigInt64Array(promptTokens).fill(1n), [1, promptTokens]),
    };

    this.#stopping.reset();
    const abortListener = (): void => this.abort();
    callbacks.signal?.addEventListener('abort', abortListener);

    const detokenizer = new IncrementalDetokenizer((ids) =>
      tokenizer.decode(ids, { skip_special_tokens: true }),
    );
    const streamer = new TokenStreamer(tokenizer, (id) => {
      const now = performance.now();
      const index = timer.tokenArrived(now);
      callbacks.onToken?.({ text: detokenizer.push(id), index, atMs: now - timer.startedAt });
    });

    const sampling = request.temperature > 0;
    const confidence = new ConfidenceMeter(sampling ? request.temperature : 1);
    const restoreModel = yieldDuringGeneration(model);
    try {
      await model.generate({
        ...inputs,
        max_new_tokens: request.maxNewTokens,
        ...(request.ignoreEos ? { min_new_tokens: request.maxNewTokens } : {}),
        do_sample: sampling,
        ...(sampling ? { temperature: request.temperature, top_p: request.topP } : {}),
        streamer,
        stopping_criteria: [this.#stopping],
        logits_processor: confidenceProcessors(confidence),
      });
    } catch (error) {
      throw toHearthError(error);
    } finally {
      restoreModel();
      callbacks.signal?.removeEventListener('abort', abortListener);
    }

    const finalText = tokenizer.decode(detokenizer.ids, { skip_special_tokens: true });
    const generatedTokens = detokenizer.ids.length;
    const finishReason = this.#stopping.interrupted
      ? 'aborted'
      : generatedTokens >= request.maxNewTokens
        ? 'length'
        : 'stop';
    return {
      text: finalText,
      finishReason,
      stats: timer.stats(promptTokens, performance.now()),
      trimmedMessages: fitted.dropped,
      ...withConfidence(confidence.summary()),
    };
  }

  abort(): void {
    this.#stopping.interrupt();
  }

  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = null;
    await loaded?.model.dispose();
  }

  async dispose(): Promise<void> {
    this.abort();
    await this.unload();
  }

  async #resolveBackend(
    choice: LoadRequest['backend'],
  ): Promise<{ backend: Backend; shaderF16: boolean; fallbackReason?: string }> {
    if (choice === 'wasm') return { backend: 'wasm', shaderF16: false };
    const probe = await probeWebGPU(browserGpu());
    if (probe.kind === 'available') return { backend: 'webgpu', shaderF16: probe.shaderF16 };
    if (choice === 'webgpu') throw new WebGpuUnavailableError(probe.message);
    return { backend: 'wasm', shaderF16: false, fallbackReason: probe.message };
  }

  async #loadModel(
    request: LoadRequest,
    backend: Backend,
    dtype: string,
    report: (info: ProgressInfo) => void,
  ): Promise<PreTrainedModel> {
    return AutoModelForCausalLM.from_pretrained(request.modelId, {
      revision: request.revision,
      device: backend,
      dtype: toDataType(dtype),
      progress_callback: report,
    });
  }
}

function readContextWindow(model: PreTrainedModel): number {
  const config: Record<string, unknown> = { ...model.config };
  for (const key of ['max_position_embeddings', 'n_positions', 'max_sequence_length']) {
    const value = config[key];
    if (typeof value === 'number' && value > 0) return value;
  }
  return 2048;
}

/** Turns transformers.js' per-file events into one overall download fraction, then an initialise phase. */
function progressReporter(onProgress: ((progress: LoadProgress) => void) | undefined): {
  report: (info: ProgressInfo) => void;
  totalBytes: () => number;
} {
  let lastSent = 0;
  let total = 0;
  const report = (info: ProgressInfo): void => {
    if (info.status !== 'progress_total') return;
    total = info.total;
    if (!onProgress) return;
    const now = performance.now();
    const complete = info.loaded >= info.total && info.total > 0;
    // Dozens of events a second would flood the protocol; the bar needs ~10.
    if (!complete && now - lastSent < 100) return;
    lastSent = now;
    onProgress({
      phase: complete ? 'initialise' : 'download',
      fraction: info.total > 0 ? Math.min(1, info.loaded / info.total) : null,
      loadedBytes: info.loaded,
      totalBytes: info.total,
    });
  };
  return { report, totalBytes: () => total };
}

const withConfidence = (confidence: GenerationConfidence | null): { confidence?: GenerationConfidence } =>
  confidence ? { confidence } : {};
