/** A stand-in for @mlc-ai/web-llm's public API, behaving as the facts in shared/notes/web-llm-facts.md say. */
import type {
  WebLlmAppConfig,
  WebLlmChatRequest,
  WebLlmChunk,
  WebLlmEngineLike,
  WebLlmModule,
  WebLlmProgressReport,
} from '../../../../../src/lib/engine/webllm/api';

export interface FakeScript {
  /** Thrown by reload(). */
  reloadError?: unknown;
  /** Progress reports sent during reload(). */
  progress?: WebLlmProgressReport[];
  /** Tokens streamed per request. */
  tokens?: string[];
  /** Thrown at the first next() of the stream (how web-llm reports generation-config errors). */
  streamError?: unknown;
  usageExtra?: { prefill_tokens_per_s?: number; decode_tokens_per_s?: number };
  /** reload() waits for this before resolving (to test unload during a load). */
  reloadGate?: Promise<void>;
}

export class FakeMlcEngine implements WebLlmEngineLike {
  reloads: string[] = [];
  requests: WebLlmChatRequest[] = [];
  interrupts = 0;
  unloads = 0;
  #interrupt = false;
  #rejectReload: ((reason: unknown) => void) | null = null;

  constructor(
    readonly appConfig: WebLlmAppConfig,
    private readonly onProgress: (report: WebLlmProgressReport) => void,
    private readonly script: FakeScript,
  ) {}

  async reload(modelId: string): Promise<void> {
    this.reloads.push(modelId);
    if (!this.appConfig.model_list.some((record) => record.model_id === modelId)) {
      throw Object.assign(new Error(`Cannot find model record in appConfig for ${modelId}.`), {
        name: 'ModelNotFoundError',
      });
    }
    for (const report of this.script.progress ?? []) this.onProgress(report);
    if (this.script.reloadGate) {
      await Promise.race([this.script.reloadGate, new Promise((_, reject) => (this.#rejectReload = reject))]);
    }
    if (this.script.reloadError !== undefined) throw this.script.reloadError;
  }

  async unload(): Promise<void> {
    this.unloads++;
    // As on the Cache API backend: the reload in flight rejects with a bare string.
    this.#rejectReload?.('Engine.unload() is called.');
  }

  interruptGenerate(): void {
    this.interrupts++;
    this.#interrupt = true;
  }

  chat = {
    completions: {
      create: async (request: WebLlmChatRequest): Promise<AsyncIterable<WebLlmChunk>> => {
        this.requests.push(request);
        // The flag is reset when a request starts: an interrupt sent before it is lost.
        this.#interrupt = false;
        return this.#stream(request);
      },
    },
  };

  async *#stream(request: WebLlmChatRequest): AsyncGenerator<WebLlmChunk> {
    if (this.script.streamError !== undefined) throw this.script.streamError;
    const tokens = this.script.tokens ?? ['Hel', 'lo', ' world'];
    let sent = 0;
    let finish = 'stop';
    for (const token of tokens) {
      if (sent >= request.max_tokens) {
        finish = 'length';
        break;
      }
      await Promise.resolve();
      yield { choices: [{ delta: { content: token }, finish_reason: null }] };
      sent++;
      if (this.#interrupt) {
        finish = 'abort';
        break;
      }
    }
    yield { choices: [{ delta: {}, finish_reason: finish }] };
    yield {
      choices: [],
      usage: {
        prompt_tokens: 12,
        completion_tokens: sent,
        extra: {
          prefill_tokens_per_s: 420,
          decode_tokens_per_s: sent > 1 ? 61.5 : Number.NaN,
          ...this.script.usageExtra,
        },
      },
    };
  }
}

export function fakeWebLlm(
  script: FakeScript = {},
): WebLlmModule & { engines: FakeMlcEngine[]; imports: number } {
  const engines: FakeMlcEngine[] = [];
  const module = {
    engines,
    imports: 0,
    createEngine: ({
      appConfig,
      initProgressCallback,
    }: {
      appConfig: WebLlmAppConfig;
      initProgressCallback: (report: WebLlmProgressReport) => void;
    }) => {
      const engine = new FakeMlcEngine(appConfig, initProgressCallback, script);
      engines.push(engine);
      return engine;
    },
  };
  return module;
}
