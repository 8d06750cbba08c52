/**
 * The web-llm (MLC) engine: the fastest WebGPU runtime, used directly as `MLCEngine` inside Hearth's own
 * worker (not web-llm's worker handler, whose errors arrive as strings). web-llm itself is imported only
 * when a web-llm model is loaded.
 */
import { browserGpu, probeWebGPU, type GpuProbe } from '../../device';
import { AbortedError, GpuDeviceLostError, InvalidRequestError, ModelNotLoadedError } from '../../errors';
import { fitToContext } from '../context';
import { DecodeTimer } from '../stats';
import type {
  Engine,
  FinishReason,
  GenerateCallbacks,
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
} from '../types';
import { loadWebLlm, type WebLlmChunk, type WebLlmEngineLike, type WebLlmModule } from './api';
import { fromWebLlmError } from './errors';
import { checkWebLlmCanRun } from './preflight';
import { toLoadProgress } from './progress';

export interface WebLlmEngineOptions {
  /** The package, imported on demand; tests hand in a fake. */
  loadModule?: () => Promise<WebLlmModule>;
  probe?: () => Promise<GpuProbe>;
  now?: () => number;
}

interface Loaded {
  engine: WebLlmEngineLike;
  result: LoadResult;
}

/** Characters per token for fitting a conversation before web-llm tokenizes it: on the safe side. */
const CHARS_PER_TOKEN = 3;
/** Chat-template tokens around each message (role markers, separators). */
const TOKENS_PER_MESSAGE = 8;

export class WebLlmEngine implements Engine {
  readonly #loadModule: () => Promise<WebLlmModule>;
  readonly #probe: () => Promise<GpuProbe>;
  readonly #now: () => number;
  #loaded: Loaded | null = null;
  #loading: WebLlmEngineLike | null = null;
  #abortRequested = false;

  constructor(options: WebLlmEngineOptions = {}) {
    this.#loadModule = options.loadModule ?? loadWebLlm;
    this.#probe = options.probe ?? (() => probeWebGPU(browserGpu()));
    this.#now = options.now ?? (() => performance.now());
  }

  async load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    const started = this.#now();
    const options = request.webllm;
    if (!options) throw new InvalidRequestError('A web-llm load needs its model URLs and GPU needs.');
    if (request.backend === 'wasm') {
      throw new InvalidRequestError(
        `${request.modelId} runs only on WebGPU; pick a model that runs on WebAssembly (transformers.js).`,
      );
    }
    await this.unload();
    // Before any import or download: web-llm would fetch megabytes before noticing a missing GPU.
    checkWebLlmCanRun(await this.#probe(), options.requiredFeatures, request.modelId);

    const webllm = await this.#loadModule();
    const engine = webllm.createEngine({
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
        // IndexedDB names the URL in its failures (the Cache API backend does not).
        cacheBackend: 'indexeddb',
      },
      initProgressCallback: (report) => onProgress?.(toLoadProgress(report)),
    });
    this.#loading = engine;
    try {
      await engine.reload(request.modelId);
    } catch (error) {
      throw fromWebLlmError(error);
    } finally {
      this.#loading = null;
    }
    const result: LoadResult = {
      modelId: request.modelId,
      backend: 'webgpu',
      dtype: quantizationOf(request.modelId),
      loadMs: this.#now() - started,
      contextWindow: options.contextWindow,
      modelBytes: options.modelBytes,
      // web-llm decodes on the GPU; it runs no WebAssembly worker threads of its own.
      threads: 1,
    };
    this.#loaded = { engine, result };
    return result;
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerationResult> {
    const loaded = this.#loaded;
    if (!loaded) throw new ModelNotLoadedError('generate was asked before any model was loaded');
    const { engine, result: model } = loaded;
    const budget = model.contextWindow - request.maxNewTokens;
    if (budget < 8) {
      throw new InvalidRequestError(
        `"Max new tokens" (${request.maxNewTokens}) leaves no room for the prompt in this model's ${model.contextWindow}-token context.`,
      );
    }
    const fitted = fitToContext(request.messages, budget, estimateTokens);
    const timer = new DecodeTimer(this.#now());
    this.#abortRequested = callbacks.signal?.aborted === true;
    const onAbort = (): void => this.abort();
    callbacks.signal?.addEventListener('abort', onAbort);

    let text = '';
    let finish: FinishReason = 'stop';
    let usage: WebLlmChunk['usage'];
    let interrupted = false;
    try {
      const stream = await engine.chat.completions.create({
        messages: fitted.messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: request.maxNewTokens,
        temperature: request.temperature,
        top_p: request.topP,
        ...(request.ignoreEos ? { ignore_eos: true } : {}),
      });
      // The stream is drained to its end even after an abort: web-llm then reports the usage and leaves
      // its KV cache consistent for the next request.
      for await (const chunk of stream) {
        if (this.#abortRequested && !interrupted) {
          interrupted = true;
          await engine.interruptGenerate();
        }
        const choice = chunk.choices[0];
        const delta = choice?.delta.content ?? '';
        if (delta !== '') {
          const at = this.#now();
          const index = timer.tokenArrived(at);
          text += delta;
          callbacks.onToken?.({ text: delta, index, atMs: at - timer.startedAt });
        }
        if (choice?.finish_reason) finish = finishReasonOf(choice.finish_reason);
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      const mapped = fromWebLlmError(error);
      // After a load, web-llm answers a lost GPU device only by unloading itself; "not loaded" then means that.
      if (mapped instanceof ModelNotLoadedError) {
        this.#loaded = null;
        throw new GpuDeviceLostError('web-llm unloaded the model after the GPU device was lost');
      }
      throw mapped;
    } finally {
      callbacks.signal?.removeEventListener('abort', onAbort);
    }
    if (interrupted) finish = 'aborted';
    const measured = timer.stats(usage?.prompt_tokens ?? fitted.promptTokens, this.#now());
    return {
      text,
      finishReason: finish,
      stats: {
        ...measured,
        generatedTokens: usage?.completion_tokens ?? measured.generatedTokens,
        // web-llm times its own prefill and decode on the GPU side; prefer them where it has them.
        prefillTokensPerS: finiteOr(usage?.extra?.prefill_tokens_per_s, measured.prefillTokensPerS),
        decodeTokensPerS: finiteOr(usage?.extra?.decode_tokens_per_s, measured.decodeTokensPerS),
      },
      trimmedMessages: fitted.dropped,
    };
  }

  abort(): void {
    // web-llm clears its interrupt flag when a request starts, so the wish is kept here and acted on
    // at the next chunk; an interrupt during prefill still yields one token first.
    this.#abortRequested = true;
  }

  async unload(): Promise<void> {
    const loading = this.#loading;
    const loaded = this.#loaded;
    this.#loaded = null;
    this.#loading = null;
    try {
      // Unloading a load in flight makes its reload() reject, which load() reports as an abort.
      await loading?.unload();
      await loaded?.engine.unload();
    } catch (error) {
      const hearth = fromWebLlmError(error);
      if (!(hearth instanceof AbortedError)) throw hearth;
    }
  }

  async dispose(): Promise<void> {
    this.abort();
    await this.unload();
  }
}

function estimateTokens(messages: { content: string }[]): number {
  return messages.reduce(
    (sum, m) => sum + Math.ceil(m.content.length / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE,
    0,
  );
}

function finishReasonOf(reason: string): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'abort') return 'aborted';
  return 'stop';
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** "Qwen2.5-1.5B-Instruct-q4f16_1-MLC" → "q4f16_1". */
function quantizationOf(modelId: string): string {
  return /-(q\d+f\d+(?:_\d+)?)/.exec(modelId)?.[1] ?? 'unknown';
}
