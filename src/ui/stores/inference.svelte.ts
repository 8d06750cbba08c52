import {
  createInferenceEngine,
  DeviceSession,
  type BackendChoice,
  type ChatMessage,
  type GenerationParams,
  type GenerationResult,
  type LoadProgress,
  type LoadResult,
  type SessionState,
  type SessionStatus,
  type TokenEvent,
} from '../../lib/engine';
import { offlineAware, type DownloadClient } from '../../lib/cache';
import type { GpuProbe } from '../../lib/device';
import { checkWebLlmCanRun } from '../../lib/engine/webllm/preflight';
import { userMessageFor } from '../../lib/errors';
import { loadRequestFor, modelHostFor, type ModelEntry } from '../../lib/models';

export type EngineStatus = SessionStatus;

const isOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine;

/** The app's one inference worker as the page shows it: status, load progress, the loaded model. */
export class InferenceStore {
  status = $state<EngineStatus>('idle');
  progress = $state<LoadProgress | null>(null);
  loaded = $state<SessionState['loaded']>(null);
  error = $state<string | null>(null);
  errorCode = $state<SessionState['errorCode']>(null);
  /** One line when the session recovered by itself (a GPU reset); cleared by the next load. */
  notice = $state<string | null>(null);
  readonly session: DeviceSession;

  constructor(
    sources: () => { modelMirrorUrl: string; modelLibraryUrl: string },
    private readonly downloads: DownloadClient,
    probe: () => Promise<GpuProbe>,
  ) {
    this.session = new DeviceSession({
      prepare: async (entry, backend, onProgress) => {
        if (entry.builtIn) return;
        const { modelMirrorUrl, modelLibraryUrl } = sources();
        const request = loadRequestFor(entry, { modelHost: modelMirrorUrl, modelLibraryUrl }, backend);
        const gpu = await probe();
        // Before a byte is fetched: a web-llm build this GPU cannot run must not cost a download.
        if (entry.engine === 'webllm') checkWebLlmCanRun(gpu, entry.requiredFeatures, entry.displayName);
        const onGpu = backend !== 'wasm' && gpu.kind === 'available';
        // A stored model needs no network; one that is not says why it cannot come while offline.
        await offlineAware(entry.displayName, isOnline, () =>
          this.downloads.download(
            {
              entry: $state.snapshot(entry),
              modelHost: modelMirrorUrl,
              ...(request.webllm ? { modelLibUrl: request.webllm.modelLibUrl } : {}),
              device: { backend: onGpu ? 'webgpu' : 'wasm', shaderF16: onGpu && gpu.shaderF16 },
            },
            (progress) =>
              onProgress({
                phase: 'download',
                fraction: progress.totalBytes > 0 ? progress.loadedBytes / progress.totalBytes : null,
                loadedBytes: progress.loadedBytes,
                totalBytes: progress.totalBytes,
                file: progress.file,
              }),
          ),
        );
      },
      engine: createInferenceEngine({ onRestart: (reason) => this.session.workerRestarted(reason) }),
      loadRequest: (entry, backend) => {
        const { modelMirrorUrl, modelLibraryUrl } = sources();
        const modelHost = modelHostFor(entry, modelMirrorUrl, window.location.origin);
        return loadRequestFor(entry, { modelHost, modelLibraryUrl }, backend);
      },
      onChange: (state) => {
        this.status = state.status;
        this.progress = state.progress;
        this.loaded = state.loaded;
        this.error = state.error;
        this.errorCode = state.errorCode;
        if (state.status === 'ready') this.notice = null;
      },
      onNotice: (text) => (this.notice = text),
    });
  }

  isLoaded(entry: ModelEntry, backend: BackendChoice): boolean {
    return this.session.isLoaded(entry, backend);
  }

  /** For the self-test: the model, or null with the reason in `error`. */
  async load(entry: ModelEntry, backend: BackendChoice): Promise<LoadResult | null> {
    try {
      return await this.session.ensureLoaded(entry, backend);
    } catch (error) {
      this.error = userMessageFor(error);
      return null;
    }
  }

  async generate(
    messages: ChatMessage[],
    params: GenerationParams,
    onToken: (token: TokenEvent) => void,
  ): Promise<GenerationResult | null> {
    try {
      return await this.session.generate(messages, params, onToken);
    } catch (error) {
      this.error = userMessageFor(error);
      return null;
    }
  }

  stop(): void {
    this.session.stop();
  }
}
