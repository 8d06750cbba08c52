import type { ChatMessage } from '../engine/types';

/** Where hard questions go when they are sent off the device: any OpenAI-compatible chat-completions API. */
export interface CloudConfig {
  /** Base URL such as `https://api.openai.com/v1`, or the full `…/chat/completions` URL. */
  endpointUrl: string;
  /** Sent as a Bearer token only when set; never written into errors or logs. */
  apiKey: string;
  model: string;
}

export interface CloudUsage {
  promptTokens: number;
  completionTokens: number;
}

export type CloudFinishReason = 'stop' | 'length' | 'aborted';

export interface CloudStats {
  /** From sending the request to the first content delta (includes the network and the server's prefill). */
  ttftMs: number;
  /** Tokens after the first, over the time since the first, as the local engines measure it. */
  decodeTokensPerS: number;
  totalMs: number;
  /** From the server's usage report when it sends one, else the number of content deltas. */
  generatedTokens: number;
}

export interface CloudResult {
  text: string;
  finishReason: CloudFinishReason;
  /** Null when the server sent no usage (older servers ignore `stream_options`, and aborted streams). */
  usage: CloudUsage | null;
  stats: CloudStats;
  /** The model the server says answered (a router may pick a dated variant), else the one asked for. */
  model: string;
  /**
   * Whether the server's event stream had begun (a 200 with an event-stream body). False only for an
   * answer stopped before that, which the server never started generating: billing charges nothing then.
   */
  streamed: boolean;
}

export interface CloudRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  topP: number;
}

export interface CloudStreamOptions {
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds without a single byte (headers included) before giving up. Default 30 000. */
  idleTimeoutMs?: number;
  /** Clock for the stats, in milliseconds. Defaults to `performance.now()`. */
  now?: () => number;
  /** The most characters of answer kept; past it the stream is cut (CloudAnswerCutError). Default 256 Ki. */
  maxAnswerChars?: number;
  /** The longest the whole request may take, in milliseconds; past it the stream is cut. Default 10 minutes. */
  maxDurationMs?: number;
}
