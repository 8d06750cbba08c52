import type { EngineKind } from '../engine/types';

/** What a model is for: answering in the chat, or turning text into vectors for the router. */
export type ModelTask = 'chat' | 'embedding';

/** Figures that come from somewhere: each entry names its source, so a reader can check it. */
export type SourcedFigure = 'parameters' | 'downloadBytes' | 'vramMB' | 'contextWindow' | 'license';

/** Figures only some entries carry; where an entry has one, it names its source too. */
export type OptionalSourcedFigure = 'largestTensorBytes' | 'modelLib' | 'requiredFeatures';

/**
 * One model Hearth can run, as catalog data. `id` is Hearth's own key and is unique: for web-llm it is
 * web-llm's `model_id` (e.g. `Qwen2.5-1.5B-Instruct-q4f16_1-MLC`); for transformers.js the hub repository
 * (plus the format when one repository is offered in several).
 */
export interface ModelEntry {
  id: string;
  /** Shown in the model picker and on the Models page; the contract names listitems by it. */
  displayName: string;
  /** 'phi', 'qwen', 'gemma', 'llama', 'self-test', 'embedding', … */
  family: string;
  task: ModelTask;
  engine: EngineKind;
  /** Hub repository: files are at `{modelHost}/{repo}/resolve/{revision}/{file}`. */
  repo: string;
  revision: string;
  /** 'q4f16_1', 'q4f32_1' (web-llm), 'q4', 'q4f16', 'q8', 'fp32' (transformers.js). */
  quantization: string;
  /** transformers.js: the weight formats the repository offers, best first; the engine picks one. */
  dtypes: string[];
  /** web-llm: the model library's file name under the model-library host (`…-webgpu.wasm`). */
  modelLib?: string;
  /**
   * The upstream model this build was made from (e.g. `Qwen/Qwen2.5-1.5B-Instruct`). Builds of one model
   * share it, so a build that cannot run here can point to one that can.
   */
  baseModel?: string;
  /** Parameter count (e.g. 1.54e9). */
  parameters: number;
  /** Bytes fetched for the weights and tokenizer at the chosen quantization. */
  downloadBytes: number;
  /** GPU memory the model needs when loaded (web-llm's `vram_required_MB`, or an estimate for ONNX). */
  vramMB: number;
  contextWindow: number;
  /**
   * The biggest single weight tensor in bytes (usually the embedding table). On WebGPU each tensor is one
   * buffer, so it must fit the adapter's `maxBufferSize` and `maxStorageBufferBindingSize`.
   */
  largestTensorBytes?: number;
  /** SPDX id or the license's name. */
  license: string;
  /** WebGPU features the build needs (e.g. 'shader-f16' for every *f16 build). */
  requiredFeatures: string[];
  /** Shipped inside the app (served from its own origin), so it works with no network at all. */
  builtIn: boolean;
  description: string;
  /** Where each figure comes from: "web-llm 0.2.86 prebuiltAppConfig", "hub model card", "computed: …". */
  sources: Record<SourcedFigure, string> & Partial<Record<OptionalSourcedFigure, string>>;
}
