/**
 * The models on this device as the Models page shows them: what is stored of each, downloads in a queue
 * with progress, pause and resume, delete, and the space used and left. Framework-free; the page adapts it.
 */
import { StorageFullError, toHearthError, userMessageFor } from '../errors';
import type { ModelEntry } from '../models/types';
import type { DownloadClient } from './client';
import { formatBytes, type DownloadModelRequest, type ModelProgress } from './model-download';
import type { ModelManifest } from './schema';
import type { ModelStore } from './store';

export type ModelStatus =
  | { state: 'built-in' }
  | { state: 'not-downloaded' }
  | { state: 'queued' }
  | { state: 'downloading'; progress: ModelProgress | null }
  | { state: 'paused'; problem?: string; storedBytes: number }
  | { state: 'ready'; bytes: number }
  | { state: 'damaged'; problem: string };

export interface StorageFacts {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

/** The browser's storage manager, or the part of it the library uses (a fake in unit tests). */
export interface StorageManagerLike {
  estimate(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

export interface ModelLibraryOptions {
  store: ModelStore;
  downloads: Pick<DownloadClient, 'download' | 'pause' | 'delete'>;
  storage?: StorageManagerLike;
  /** Builds the download request for an entry (mirror, model-library URL, this device's GPU). */
  requestFor: (entry: ModelEntry) => Promise<DownloadModelRequest>;
  onChange: () => void;
}

export class ModelLibrary {
  #manifests = new Map<string, ModelManifest>();
  #active = new Map<string, ModelProgress | null>();
  #queued = new Set<string>();
  /** Bytes already stored of each model that is not complete (a paused download resumes from there). */
  #stored = new Map<string, number>();
  #storage: StorageFacts = { usageBytes: null, quotaBytes: null, persisted: null };
  /** What the person should know about the last action: a refusal, a failure. */
  notice: string | null = null;

  constructor(private readonly options: ModelLibraryOptions) {}

  get storage(): StorageFacts {
    return this.#storage;
  }

  /** Whether a download runs or waits in the queue (an app update waits for them). */
  get downloading(): boolean {
    return this.#active.size > 0 || this.#queued.size > 0;
  }

  status(entry: ModelEntry): ModelStatus {
    if (entry.builtIn) return { state: 'built-in' };
    if (this.#active.has(entry.id))
      return { state: 'downloading', progress: this.#active.get(entry.id) ?? null };
    if (this.#queued.has(entry.id)) return { state: 'queued' };
    const manifest = this.#manifests.get(entry.id);
    if (!manifest) return { state: 'not-downloaded' };
    switch (manifest.state) {
      case 'complete':
        return { state: 'ready', bytes: manifest.totalBytes };
      case 'damaged':
        return { state: 'damaged', problem: manifest.problem ?? 'a file did not verify' };
      default:
        return {
          state: 'paused',
          storedBytes: this.#stored.get(entry.id) ?? 0,
          ...(manifest.problem ? { problem: manifest.problem } : {}),
        };
    }
  }

  isReady(entry: ModelEntry): boolean {
    const state = this.status(entry).state;
    return state === 'built-in' || state === 'ready';
  }

  /** Reads what is stored, and the space used and left. */
  async refresh(): Promise<void> {
    try {
      const manifests = await this.options.store.manifests();
      this.#manifests = new Map(manifests.map((manifest) => [manifest.modelId, manifest]));
      for (const manifest of manifests) {
        if (manifest.state === 'complete') continue;
        const files = await this.options.store.files(manifest.modelId);
        const bytes = files.reduce(
          (sum, file) => sum + (file.handedTo ? (file.size ?? 0) : file.storedBytes),
          0,
        );
        this.#stored.set(manifest.modelId, bytes);
      }
    } catch (error) {
      this.notice = `Stored models could not be read: ${userMessageFor(error)}`;
    }
    await this.#readStorage();
    this.options.onChange();
  }

  /**
   * "needs 1.2 GB, 3.4 GB free": said before a download starts. Null where the browser does not tell.
   */
  spaceNote(entry: ModelEntry): string | null {
    const { usageBytes, quotaBytes } = this.#storage;
    if (usageBytes === null || quotaBytes === null) return null;
    return `needs ${formatBytes(entry.downloadBytes)}, ${formatBytes(Math.max(0, quotaBytes - usageBytes))} free`;
  }

  /** Queues a download; resolves when it finished, was paused or failed (said in `notice`). */
  async download(entry: ModelEntry): Promise<void> {
    if (entry.builtIn || this.#active.has(entry.id) || this.#queued.has(entry.id)) return;
    this.notice = null;
    const { usageBytes, quotaBytes } = this.#storage;
    if (usageBytes !== null && quotaBytes !== null && entry.downloadBytes > quotaBytes - usageBytes) {
      const free = Math.max(0, quotaBytes - usageBytes);
      this.notice = new StorageFullError(
        `${entry.displayName} needs ${formatBytes(entry.downloadBytes)}; ${formatBytes(free)} is free`,
        {
          neededBytes: entry.downloadBytes,
          freeBytes: free,
        },
      ).userMessage();
      this.options.onChange();
      return;
    }
    await this.#askToPersist();
    this.#queued.add(entry.id);
    this.options.onChange();
    try {
      const request = await this.options.requestFor(entry);
      await this.options.downloads.download(request, (progress) => {
        this.#queued.delete(entry.id);
        this.#active.set(entry.id, progress);
        this.options.onChange();
      });
    } catch (error) {
      const hearth = toHearthError(error);
      if (hearth.code !== 'ABORTED') this.notice = `${entry.displayName}: ${hearth.userMessage()}`;
    } finally {
      this.#queued.delete(entry.id);
      this.#active.delete(entry.id);
      await this.refresh();
    }
  }

  async pause(entry: ModelEntry): Promise<void> {
    await this.options.downloads.pause(entry.id);
  }

  /** Deletes a model's files (a download of it stops first); the space is free afterwards. */
  async delete(entry: ModelEntry): Promise<void> {
    try {
      await this.options.downloads.delete(entry.id);
    } catch (error) {
      this.notice = `${entry.displayName} could not be deleted: ${userMessageFor(error)}`;
    }
    await this.refresh();
  }

  async deleteAll(entries: readonly ModelEntry[]): Promise<void> {
    for (const entry of entries)
      if (!entry.builtIn && this.#manifests.has(entry.id)) await this.delete(entry);
  }

  async #readStorage(): Promise<void> {
    const storage = this.options.storage;
    if (!storage) return;
    try {
      const estimate = await storage.estimate();
      this.#storage = {
        usageBytes: estimate.usage ?? null,
        quotaBytes: estimate.quota ?? null,
        persisted: (await storage.persisted?.()) ?? null,
      };
    } catch {
      // Some browsers refuse estimates in private windows: the page then shows no figures.
    }
  }

  /**
   * Asked when the first model is kept: without it, the browser may clear gigabytes of weights under
   * storage pressure and the next offline session would have no model.
   */
  async #askToPersist(): Promise<void> {
    const storage = this.options.storage;
    if (!storage?.persist || this.#storage.persisted === true) return;
    try {
      const granted = await storage.persist();
      this.#storage = { ...this.#storage, persisted: granted };
    } catch {
      this.#storage = { ...this.#storage, persisted: false };
    }
  }
}
