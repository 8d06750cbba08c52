/**
 * The page↔download-worker protocol, defined once for both sides. Every request gets exactly one final
 * reply (`result` or `error`) with its id; progress is its own kind.
 */
import { isErrorCode, type SerializedError } from '../errors';
import type { DownloadModelRequest, ModelProgress } from './model-download';
import type { ModelManifest } from './schema';

export const DOWNLOAD_PROTOCOL_VERSION = 1;

export type DownloadRequest =
  | { v: typeof DOWNLOAD_PROTOCOL_VERSION; id: number; kind: 'download'; request: DownloadModelRequest }
  | { v: typeof DOWNLOAD_PROTOCOL_VERSION; id: number; kind: 'pause'; modelId: string }
  | { v: typeof DOWNLOAD_PROTOCOL_VERSION; id: number; kind: 'delete'; modelId: string };

export interface DownloadResults {
  download: ModelManifest;
  pause: { paused: boolean };
  delete: { deleted: true };
}

export type DownloadReply =
  | { v: typeof DOWNLOAD_PROTOCOL_VERSION; id: number; kind: 'progress'; progress: ModelProgress }
  | {
      v: typeof DOWNLOAD_PROTOCOL_VERSION;
      id: number;
      kind: 'result';
      result: DownloadResults[keyof DownloadResults];
    }
  | { v: typeof DOWNLOAD_PROTOCOL_VERSION; id: number; kind: 'error'; error: SerializedError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Checks a reply where it enters the page; null for anything that is not one. */
export function parseDownloadReply(data: unknown): DownloadReply | null {
  if (!isRecord(data) || data.v !== DOWNLOAD_PROTOCOL_VERSION || typeof data.id !== 'number') return null;
  if (data.kind === 'progress' && isRecord(data.progress)) return data as DownloadReply;
  if (data.kind === 'result' && isRecord(data.result)) return data as DownloadReply;
  if (data.kind === 'error' && isRecord(data.error) && isErrorCode(data.error.code))
    return data as DownloadReply;
  return null;
}

/** Checks a request where it enters the worker. */
export function parseDownloadRequest(
  data: unknown,
): DownloadRequest | { invalid: string; id: number | null } {
  if (!isRecord(data)) return { invalid: 'message is not an object', id: null };
  const id = typeof data.id === 'number' ? data.id : null;
  if (id === null) return { invalid: 'message has no id', id: null };
  if (data.v !== DOWNLOAD_PROTOCOL_VERSION) return { invalid: `protocol version ${String(data.v)}`, id };
  if (data.kind === 'download' && isRecord(data.request) && isRecord(data.request.entry))
    return data as DownloadRequest;
  if ((data.kind === 'pause' || data.kind === 'delete') && typeof data.modelId === 'string')
    return data as DownloadRequest;
  return { invalid: `unknown or incomplete request ${String(data.kind)}`, id };
}
