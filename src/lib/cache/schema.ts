import type { DBSchema } from 'idb';
import type { EngineKind } from '../engine/types';

/** One file of a model, as the weight cache knows it. Keys are absolute URLs: the file's identity. */
export interface StoredFile {
  url: string;
  modelId: string;
  /** The file's path in the repository (`onnx/model_q4.onnx`). */
  path: string;
  /** Total bytes, once the server said (Content-Length or Content-Range); null before the first response. */
  size: number | null;
  /** The server's validator for this version of the file; a resume asks for the rest of *this* version. */
  etag: string | null;
  /** Lowercase hex SHA-256 the catalog pins for the file; else a SHA-256 ETag (as the hub sends) is checked. */
  sha256: string | null;
  /** Bytes held in complete chunks, in order from the start: where a resume continues. */
  storedBytes: number;
  /** Size of every chunk but the last. */
  chunkSize: number;
  /** All bytes are here and passed verification (size, and SHA-256 when known). */
  complete: boolean;
  /** Where a finished web-llm file lives instead of the chunks (web-llm reads its own database). */
  handedTo: 'webllm' | null;
  updatedAt: number;
}

export type ModelState = 'downloading' | 'paused' | 'complete' | 'damaged';

/** What is stored of one model: its files and where the download stands. */
export interface ModelManifest {
  modelId: string;
  engine: EngineKind;
  /** URLs of the model's files, in download order. */
  files: string[];
  state: ModelState;
  /** Bytes the finished model takes (known sizes summed). */
  totalBytes: number;
  /** Why the model is damaged, in words. */
  problem?: string;
  createdAt: number;
  updatedAt: number;
}

export interface StoredChunk {
  url: string;
  index: number;
  data: ArrayBuffer;
}

/**
 * The weight cache, in a database of its own: model files are large and long-lived, and keeping them apart
 * means "Delete all models" can never touch a chat, and a chat schema upgrade never waits on gigabytes.
 */
export interface ModelCacheDB extends DBSchema {
  models: { key: string; value: ModelManifest };
  files: { key: string; value: StoredFile; indexes: { 'by-model': string } };
  chunks: { key: [string, number]; value: StoredChunk; indexes: { 'by-url': string } };
}

export const MODEL_CACHE_DB = 'hearth-models';
/** 1: models, files and their chunks. */
export const MODEL_CACHE_VERSION = 1;
