/**
 * The slice of @mlc-ai/web-llm that Hearth uses, typed here so the engine can be unit-tested against a
 * fake and so the real package is only ever reached through one dynamic import (see `loadWebLlm`).
 */
export interface WebLlmProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

export interface WebLlmModelRecord {
  model: string;
  model_id: string;
  model_lib: string;
  overrides?: { context_window_size?: number };
  required_features?: string[];
}

export interface WebLlmAppConfig {
  model_list: WebLlmModelRecord[];
  cacheBackend?: 'cache' | 'indexeddb';
}

export interface WebLlmChunk {
  choices: { delta: { content?: string | null }; finish_reason: string | null }[];
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    extra?: {
      prefill_tokens_per_s?: number;
      decode_tokens_per_s?: number;
      time_to_first_token_s?: number;
    };
  };
}

export interface WebLlmChatRequest {
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  stream: true;
  stream_options: { include_usage: true };
  max_tokens: number;
  temperature: number;
  top_p: number;
  ignore_eos?: boolean;
}

export interface WebLlmEngineLike {
  reload(modelId: string): Promise<void>;
  unload(): Promise<void>;
  interruptGenerate(): Promise<void> | void;
  chat: { completions: { create(request: WebLlmChatRequest): Promise<AsyncIterable<WebLlmChunk>> } };
}

export interface WebLlmModule {
  createEngine(config: {
    appConfig: WebLlmAppConfig;
    initProgressCallback: (report: WebLlmProgressReport) => void;
  }): WebLlmEngineLike;
}

/** The real package, imported on first use only: its chunk is ~6 MB and must not weigh on anyone else. */
export async function loadWebLlm(): Promise<WebLlmModule> {
  const webllm = await import('@mlc-ai/web-llm');
  return {
    createEngine: ({ appConfig, initProgressCallback }) =>
      new webllm.MLCEngine({ appConfig, initProgressCallback, logLevel: 'WARN' }),
  };
}
