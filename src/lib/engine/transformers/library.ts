/**
 * transformers.js settings shared by the engine and the raw benchmark worker, so both load models the
 * same way and "raw" differs from Hearth only by Hearth's own layers.
 */
import {
  env,
  type AutoModelForCausalLM,
  LogitsProcessor,
  LogitsProcessorList,
  type PreTrainedTokenizer,
  type Tensor,
  TextStreamer,
} from '@huggingface/transformers';
import { modelCacheConnection } from '../../cache/open';
import { ModelStore } from '../../cache/store';
import { TransformersCache } from '../../cache/transformers-cache';
import type { ConfidenceMeter } from '../confidence';
import ortWasmFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { wasmThreads } from '../threads';

let cache: TransformersCache | null = null;

/** Hearth's weight cache as transformers.js's cache: every model file is stored once, in Hearth's store. */
function weightCache(): TransformersCache {
  cache ??= new TransformersCache(new ModelStore(modelCacheConnection()));
  return cache;
}

/** ONNX Runtime reads `numThreads` once, when its first session starts; later changes are ignored. */
let threadsFixed: number | null = null;

/**
 * Configures transformers.js before each load: our own origin for ORT's files, the hub layout for models,
 * and the thread count (`threads` overrides the default so it can be measured).
 */
export function configureLibrary(modelHost: string, threads?: number): void {
  env.allowLocalModels = false;
  env.useBrowserCache = false;
  env.useCustomCache = true;
  env.customCache = weightCache();
  env.allowRemoteModels = true;
  env.remoteHost = modelHost.endsWith('/') ? modelHost : `${modelHost}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  // With the cache on, transformers.js re-serves ORT's loader from a blob: URL, which the CSP forbids
  // (script-src and worker-src are 'self' only). Off, ORT imports the .mjs below directly, and its pthread
  // workers start from that same URL; the build's files are cached by HTTP (hashed, immutable).
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    // Never a CDN: the wasm and its loader are assets of this build.
    wasm.wasmPaths = {
      mjs: new URL(ortWasmFactoryUrl, self.location.href).href,
      wasm: new URL(ortWasmBinaryUrl, self.location.href).href,
    };
    if (threadsFixed === null) {
      wasm.numThreads = wasmThreads(self.crossOriginIsolated, self.navigator.hardwareConcurrency, threads);
    }
  }
}

/** The threads ONNX Runtime runs with; call it after a model loaded, when ORT has read (and fixed) them. */
export function threadsInUse(): number {
  threadsFixed ??= env.backends.onnx.wasm?.numThreads ?? 1;
  return threadsFixed;
}

type DataType = NonNullable<Parameters<typeof AutoModelForCausalLM.from_pretrained>[1]>['dtype'];
const KNOWN_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;

/** The catalog names dtypes as strings; transformers.js wants its own union. */
export function toDataType(value: string): Extract<DataType, string> {
  const known = KNOWN_DTYPES.find((dtype) => dtype === value);
  if (!known) throw new Error(`Unknown weight format "${value}".`);
  return known;
}

/**
 * Streams token ids out of `generate()` one at a time. It extends TextStreamer only for the type that
 * `generate()` asks for; `put` is replaced so no text is buffered to word boundaries.
 */
export class TokenStreamer extends TextStreamer {
  #seenPrompt = false;

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
    this.onTokenId(id);
  }

  override end(): void {}
}

/** Reads each step's logits into a ConfidenceMeter and passes them on unchanged (it runs after temperature). */
export class ConfidenceProcessor extends LogitsProcessor {
  constructor(private readonly meter: ConfidenceMeter) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (this.meter.wantsMore) {
      const vocabulary = logits.dims.at(-1) ?? 0;
      const data = logits.data;
      // Only the first sequence of the batch: Hearth generates one at a time.
      if (data instanceof Float32Array) this.meter.observe(data, vocabulary);
    }
    return logits;
  }
}

export function confidenceProcessors(meter: ConfidenceMeter): LogitsProcessorList {
  const list = new LogitsProcessorList();
  list.push(new ConfidenceProcessor(meter));
  return list;
}
