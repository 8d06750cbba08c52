import {
  ModelLibrary,
  modelCacheConnection,
  ModelStore,
  type DownloadClient,
  type ModelStatus,
  type StorageFacts,
} from '../../lib/cache';
import type { GpuProbe } from '../../lib/device';
import type { ModelEntry } from '../../lib/models';
import { loadRequestFor } from '../../lib/models';

/** The Models page's state: the library's answers, re-read whenever it says something changed. */
export class ModelsStore {
  /** Bumped on every change, so the page re-reads statuses. */
  version = $state(0);
  readonly library: ModelLibrary;

  constructor(
    downloads: DownloadClient,
    sources: () => { modelMirrorUrl: string; modelLibraryUrl: string },
    probe: () => Promise<GpuProbe>,
  ) {
    this.library = new ModelLibrary({
      store: new ModelStore(modelCacheConnection()),
      downloads,
      ...(typeof navigator !== 'undefined' && navigator.storage ? { storage: navigator.storage } : {}),
      requestFor: async (entry) => {
        const { modelMirrorUrl, modelLibraryUrl } = sources();
        const request = loadRequestFor(entry, { modelHost: modelMirrorUrl, modelLibraryUrl }, 'auto');
        const gpu = await probe();
        const onGpu = gpu.kind === 'available';
        return {
          entry: $state.snapshot(entry),
          modelHost: modelMirrorUrl,
          ...(request.webllm ? { modelLibUrl: request.webllm.modelLibUrl } : {}),
          device: { backend: onGpu ? 'webgpu' : 'wasm', shaderF16: onGpu && gpu.shaderF16 },
        };
      },
      onChange: () => this.version++,
    });
    void this.library.refresh();
  }

  status(entry: ModelEntry): ModelStatus {
    void this.version;
    return this.library.status(entry);
  }

  get storage(): StorageFacts {
    void this.version;
    return this.library.storage;
  }

  get downloading(): boolean {
    void this.version;
    return this.library.downloading;
  }

  get notice(): string | null {
    void this.version;
    return this.library.notice;
  }
}
