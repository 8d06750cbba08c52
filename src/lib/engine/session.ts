/**
 * The one model this page keeps loaded in its worker, and what happens around it: loads are shared (a
 * second caller waits for the same load), a caller may stop waiting (Stop during a load), and a lost or
 * exhausted GPU recycles the worker so the next message loads the model afresh.
 */
import { AbortedError, toHearthError, type ErrorCode } from '../errors';
import type { ModelEntry } from '../models/catalog';
import type {
  BackendChoice,
  ChatMessage,
  Engine,
  GenerationParams,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
  TokenEvent,
} from './types';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'generating' | 'error';

export interface SessionState {
  status: SessionStatus;
  progress: LoadProgress | null;
  loaded: (LoadResult & { backendChoice: BackendChoice }) | null;
  /** The last failure, as a sentence for people. */
  error: string | null;
  /** Its stable code, so the page can offer what fits (another model when the GPU cannot run this one). */
  errorCode: ErrorCode | null;
}

export interface DeviceSessionOptions {
  /** The worker proxy; `dispose()` must end its worker so that the next call starts a fresh one. */
  engine: Engine;
  /** Builds the load request for a catalog entry (where its files are, which formats it has). */
  loadRequest: (model: ModelEntry, backend: BackendChoice) => LoadRequest;
  onChange: (state: SessionState) => void;
  /** Makes sure a model's files are stored before the engine loads it (downloads them, with progress). */
  prepare?: (
    model: ModelEntry,
    backend: BackendChoice,
    onProgress: (progress: LoadProgress) => void,
  ) => Promise<void>;
  /** One line for the person when the session recovered from something by itself. */
  onNotice?: (text: string) => void;
}

/** Failures after which the worker's GPU state cannot be trusted: start over with a fresh worker. */
const RECYCLE_CODES = new Set(['GPU_DEVICE_LOST', 'OUT_OF_MEMORY']);

export class DeviceSession {
  #state: SessionState = { status: 'idle', progress: null, loaded: null, error: null, errorCode: null };
  #loading: { key: string; promise: Promise<LoadResult> } | null = null;
  #generation: AbortController | null = null;
  /** What was last asked to load: after a GPU reset it is loaded again without being asked. */
  #wanted: { model: ModelEntry; backend: BackendChoice } | null = null;

  constructor(private readonly options: DeviceSessionOptions) {}

  get state(): SessionState {
    return this.#state;
  }

  /** The worker was replaced behind our back (a crash, a timeout): whatever it had loaded is gone. */
  workerRestarted(reason: unknown): void {
    this.#loading = null;
    const hearth = toHearthError(reason);
    this.#set({
      status: 'error',
      loaded: null,
      progress: null,
      error: hearth.userMessage(),
      errorCode: hearth.code,
    });
  }

  isLoaded(model: ModelEntry, backend: BackendChoice): boolean {
    const loaded = this.#state.loaded;
    return loaded?.modelId === model.id && loaded.backendChoice === backend;
  }

  async ensureLoaded(model: ModelEntry, backend: BackendChoice, signal?: AbortSignal): Promise<LoadResult> {
    const loaded = this.#state.loaded;
    if (loaded && this.isLoaded(model, backend)) return loaded;
    this.#wanted = { model, backend };
    const key = `${model.id}\u0000${backend}`;
    if (this.#loading?.key !== key) this.#loading = { key, promise: this.#load(model, backend) };
    return abandonable(this.#loading.promise, signal);
  }

  /**
   * Generates with the loaded model. When the GPU is lost before the first token, the model is loaded
   * again (from the browser's cache) and the request runs once more, so the conversation just continues.
   */
  async generate(
    messages: ChatMessage[],
    params: GenerationParams,
    onToken: (token: TokenEvent) => void,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    let tokens = 0;
    const counting = (token: TokenEvent): void => {
      tokens++;
      onToken(token);
    };
    try {
      return await this.#generateOnce(messages, params, counting, signal);
    } catch (error) {
      const wanted = this.#wanted;
      if (tokens > 0 || !wanted || signal?.aborted || !RECYCLE_CODES.has(toHearthError(error).code))
        throw error;
      await this.ensureLoaded(wanted.model, wanted.backend, signal);
      return this.#generateOnce(messages, params, counting, signal);
    }
  }

  async #generateOnce(
    messages: ChatMessage[],
    params: GenerationParams,
    onToken: (token: TokenEvent) => void,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const controller = new AbortController();
    const follow = (): void => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', follow, { once: true });
    this.#generation = controller;
    this.#set({ status: 'generating', error: null, errorCode: null });
    try {
      return await this.options.engine.generate(
        { messages, ...params },
        { onToken, signal: controller.signal },
      );
    } catch (error) {
      await this.#failed(error);
      throw toHearthError(error);
    } finally {
      signal?.removeEventListener('abort', follow);
      if (this.#generation === controller) this.#generation = null;
      if (this.#state.status === 'generating') this.#set({ status: this.#state.loaded ? 'ready' : 'error' });
    }
  }

  /** Stops the generation in flight (within a token); a load keeps going for whoever asks next. */
  stop(): void {
    this.#generation?.abort();
  }

  async #load(model: ModelEntry, backend: BackendChoice): Promise<LoadResult> {
    this.#set({
      status: 'loading',
      error: null,
      errorCode: null,
      loaded: null,
      progress: { phase: 'download', fraction: null, loadedBytes: 0, totalBytes: 0 },
    });
    try {
      if (this.options.prepare) {
        await this.options.prepare(model, backend, (progress) => {
          if (this.#state.status === 'loading') this.#set({ progress });
        });
      }
      const result = await this.options.engine.load(this.options.loadRequest(model, backend), (progress) => {
        if (this.#state.status === 'loading') this.#set({ progress });
      });
      this.#set({ status: 'ready', loaded: { ...result, backendChoice: backend }, progress: null });
      return result;
    } catch (error) {
      this.#set({ progress: null });
      await this.#failed(error);
      throw toHearthError(error);
    } finally {
      this.#loading = null;
    }
  }

  async #failed(error: unknown): Promise<void> {
    const hearth = toHearthError(error);
    if (hearth instanceof AbortedError) return;
    if (RECYCLE_CODES.has(hearth.code)) {
      // The GPU state in that worker is gone: a fresh worker reloads the model with the next message.
      await this.options.engine.dispose();
      this.#set({ status: 'error', loaded: null, error: hearth.userMessage(), errorCode: hearth.code });
      this.options.onNotice?.(
        `${hearth.code === 'GPU_DEVICE_LOST' ? 'The GPU was reset' : 'The GPU ran out of memory'}, so Hearth restarted the model and loads it again; the conversation continues.`,
      );
      return;
    }
    this.#set({ status: 'error', error: hearth.userMessage(), errorCode: hearth.code });
  }

  #set(patch: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...patch };
    this.options.onChange(this.#state);
  }
}

/** Waits for `work` unless `signal` aborts first; the work itself goes on (its result is still kept). */
function abandonable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new AbortedError('stopped while the model was loading'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError('stopped while the model was loading'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
