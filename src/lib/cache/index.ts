/** The weight cache: model files stored once, in chunks, downloaded with resume and verified. */
export { DownloadClient } from './client';
export type { DownloadWorkerLike } from './client';
export { formatBytes } from './model-download';
export type { DownloadModelRequest, ModelProgress } from './model-download';
export { MODEL_CACHE_DB } from './schema';
export type { ModelManifest, ModelState, StoredFile } from './schema';
export { modelCacheConnection, openModelCache } from './open';
export { ModelStore } from './store';
export { createDownloadClient } from './create';
export { ModelLibrary } from './library';
export type { ModelLibraryOptions, ModelStatus, StorageFacts, StorageManagerLike } from './library';
export { offlineAware } from './offline';
