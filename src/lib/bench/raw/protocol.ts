/**
 * The raw benchmark worker's messages: deliberately minimal (no streaming, no validation layers), so the
 * figures it reports are those of the engine library itself. Only the benchmark uses it.
 */
import type { Backend, ChatMessage, GenerationStats, WebLlmLoadOptions } from '../../engine/types';

export type RawRequest =
  | {
      id: number;
      kind: 'load';
      modelId: string;
      modelHost: string;
      revision: string;
      backend: Backend;
      dtype: string;
      /** Present for web-llm models: the raw baseline is then web-llm's MLCEngine itself. */
      webllm?: WebLlmLoadOptions;
      threads?: number;
    }
  | { id: number; kind: 'generate'; messages: ChatMessage[]; maxNewTokens: number }
  | { id: number; kind: 'unload' };

export type RawReply =
  | { id: number; ok: true; loadMs?: number; threads?: number; stats?: GenerationStats }
  | { id: number; ok: false; message: string };
