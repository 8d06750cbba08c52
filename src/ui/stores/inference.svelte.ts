import {
  createInferenceEngine,
  type BackendChoice,
  type ChatMessage,
  type GenerationParams,
} from '../../lib/engine';
import type { GenerationResult, LoadProgress, LoadResult, TokenEvent } from '../../lib/engine';
import { userMessageFor } from '../../lib/errors';
import { modelHostFor, type ModelEntry } from '../../lib/models';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'generating' | 'error';

/** The app's one inference worker and what the UI shows of it: status, load progress, the loaded model. */
export class InferenceStore {
  status = $state<EngineStatus>('idle');
  progress = $state<LoadProgress | null>(null);
  loaded = $state<(LoadResult & { backendChoice: BackendChoice }) | null>(null);
  error = $state<string | null>(null);
  #engine = createInferenceEngine({
    onRestart: (reason) => {
      this.loaded = null;
      this.error = userMessageFor(reason);
      this.status = 'error';
    },
  });
  #controller: AbortController | null = null;

  constructor(private readonly mirrorUrl: () => string) {}

  isLoaded(entry: ModelEntry, backend: BackendChoice): boolean {
    return this.loaded?.modelId === entry.id && this.loaded.backendChoice === backend;
  }

  async load(entry: ModelEntry, backend: BackendChoice): Promise<LoadResult | null> {
    if (this.isLoaded(entry, backend) && this.loaded) return this.loaded;
    this.status = 'loading';
    this.error = null;
    this.progress = { phase: 'download', fraction: null, loadedBytes: 0, totalBytes: 0 };
    this.loaded = null;
    try {
      const result = await this.#engine.load(
        {
          engine: entry.engine,
          modelId: entry.id,
          modelHost: modelHostFor(entry, this.mirrorUrl(), window.location.origin),
          revision: entry.revision,
          backend,
          dtypes: entry.dtypes,
        },
        (progress) => (this.progress = progress),
      );
      this.loaded = { ...result, backendChoice: backend };
      this.status = 'ready';
      return result;
    } catch (error) {
      this.error = userMessageFor(error);
      this.status = 'error';
      return null;
    } finally {
      this.progress = null;
    }
  }

  async generate(
    messages: ChatMessage[],
    params: GenerationParams,
    onToken: (token: TokenEvent) => void,
  ): Promise<GenerationResult | null> {
    this.#controller = new AbortController();
    this.status = 'generating';
    this.error = null;
    try {
      return await this.#engine.generate(
        { messages, ...params },
        { onToken, signal: this.#controller.signal },
      );
    } catch (error) {
      this.error = userMessageFor(error);
      return null;
    } finally {
      this.#controller = null;
      this.status = this.loaded ? 'ready' : 'error';
    }
  }

  stop(): void {
    this.#controller?.abort();
  }
}
