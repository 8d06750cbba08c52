/**
 * The transformers.js (ONNX Runtime Web) engine. It runs inside the inference worker only: the page never
 * imports this module, so the engine libraries stay out of the main thread and the first page load.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type ProgressInfo,
  TextStreamer,
} from '@huggingface/transformers';
import ortWasmFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { browserGpu, probeWebGPU } from '../../device';
import {
  InvalidRequestError,
  ModelNotLoadedError,
  toHearthError,
  WebGpuUnavailableError,
} from '../../errors';
import { fitToContext } from '../context';
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

/** Configures transformers.js once per load: our own origin for ORT's files, the hub layout for models. */
function configureLibrary(modelHost: string): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = modelHost.endsWith('/') ? modelHost : `${modelHost}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    // Never a CDN: the wasm and its loader are assets of this build.
    wasm.wasmPaths = {
      mjs: new URL(ortWasmFactoryUrl, self.location.href).href,
      wasm: new URL(ortWasmBinaryUrl, self.location.href).href,
    };
    // Without cross-origin isolation there are no threads; measured: 1 thread is as fast for small models.
    wasm.numThreads = 1;
  }
}

/**
 * Streams token ids out of `generate()` one at a time. It extends TextStreamer only for the type that
 * `generate()` asks for; `put` is replaced so no text is buffered to word boundaries.
 */
class TokenStreamer extends TextStreamer {
  #seenPrompt = false;
  readonly ids: bigint[] = [];

  constructor(
    tokenizer: PreTrainedTokenizer,
    private readonly onTokenId: (id: bigint) => void,
  ) {
    super(tokenizer, { skip_prompt: true });
  }

  override put(value: bigint[][]): void {
    // The first call carries the prompt; every later call carries one new token per sequence.
    if (!this.#seenPrompt) {
      this.#seenPrompt = true;
      return;
    }
    const id = value[0]?.[0];
    if (id === undefined) return;
    this.ids.push(id);
    this.onTokenId(id);
  }

  override end(): void {}
}

export class TransformersEngine implements Engine {
  #loaded: Loaded | null = null;
  #stopping = new InterruptableStoppingCriteria();

  async load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    const started = performance.now();
    await this.unload();
    configureLibrary(request.modelHost);

    const { backend, shaderF16, fallbackReason } = await this.#resolveBackend(request.backend);
    const dtype = chooseDtype(request.dtypes, backend, shaderF16);
    const report = progressReporter(onProgress);

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
    const fitted = fitToContext(
      request.messages,
      budget,
      (messages) =>
        tokenizer.apply_chat_template(messages, {
          add_generation_prompt: true,
          return_tensor: false,
          return_dict: false,
        }).length,
    );
    const inputs = tokenizer.apply_chat_template(fitted.messages, {
      add_generation_prompt: true,
      return_dict: true,
    });
    const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;

    this.#stopping.reset();
    const abortListener = (): void => this.abort();
    callbacks.signal?.addEventListener('abort', abortListener);

    let text = '';
    const streamer = new TokenStreamer(tokenizer, () => {
      const now = performance.now();
      const index = timer.tokenArrived(now);
      // Decoding the whole answer each time keeps multi-byte characters and merges right.
      const full = tokenizer.decode(streamer.ids, { skip_special_tokens: true });
      const settled = full.endsWith('\uFFFD') ? full.slice(0, -1) : full;
      const delta = settled.startsWith(text) ? settled.slice(text.length) : '';
      if (settled.startsWith(text)) text = settled;
      callbacks.onToken?.({ text: delta, index, atMs: now - timer.startedAt });
    });

    const sampling = request.temperature > 0;
    try {
      await model.generate({
        ...inputs,
        max_new_tokens: request.maxNewTokens,
        ...(request.ignoreEos ? { min_new_tokens: request.maxNewTokens } : {}),
        do_sample: sampling,
        ...(sampling ? { temperature: request.temperature, top_p: request.topP } : {}),
        streamer,
        stopping_criteria: [this.#stopping],
      });
    } catch (error) {
      throw toHearthError(error);
    } finally {
      callbacks.signal?.removeEventListener('abort', abortListener);
    }

    const finalText = tokenizer.decode(streamer.ids, { skip_special_tokens: true });
    const generatedTokens = streamer.ids.length;
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
      dtype: isDataType(dtype) ? dtype : 'fp32',
      progress_callback: report,
    });
  }
}

type DataType = NonNullable<Parameters<typeof AutoModelForCausalLM.from_pretrained>[1]>['dtype'];
const KNOWN_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;
function isDataType(value: string): value is Extract<DataType, string> {
  return (KNOWN_DTYPES as readonly string[]).includes(value);
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
function progressReporter(
  onProgress: ((progress: LoadProgress) => void) | undefined,
): (info: ProgressInfo) => void {
  let lastSent = 0;
  return (info) => {
    if (!onProgress) return;
    if (info.status === 'progress_total') {
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
    }
  };
}
