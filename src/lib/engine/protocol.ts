/**
 * The page↔worker protocol, defined once and imported by both sides. Every request carries an id and
 * gets exactly one final reply (`result` or `error`) with that id; progress and tokens are their own kinds.
 */
import { isErrorCode, type SerializedError } from '../errors';
import type {
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
  TokenEvent,
} from './types';

export const PROTOCOL_VERSION = 1;

export type WorkerRequest =
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'load'; request: LoadRequest }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'generate'; request: GenerateRequest }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'abort' }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'unload' }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'ping' };

export type RequestKind = WorkerRequest['kind'];

/** What each request kind resolves to. */
export interface ResultByKind {
  load: LoadResult;
  generate: GenerationResult;
  abort: { aborted: boolean };
  unload: { unloaded: boolean };
  ping: { pong: true; version: typeof PROTOCOL_VERSION };
}

export type WorkerReply =
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'progress'; progress: LoadProgress }
  /** Tokens in order, batched at most once a frame so fast models do not flood the page (each keeps its time). */
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'tokens'; tokens: TokenEvent[] }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'result'; result: ResultByKind[RequestKind] }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: 'error'; error: SerializedError };

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<WorkerRequest, 'v' | 'id'>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const REQUEST_KINDS: ReadonlySet<string> = new Set<RequestKind>([
  'load',
  'generate',
  'abort',
  'unload',
  'ping',
]);

/** Checks the envelope where a request enters the worker; the payloads are checked by the handler. */
export function parseRequest(data: unknown): WorkerRequest | { invalid: string; id: number | null } {
  if (!isRecord(data)) return { invalid: 'message is not an object', id: null };
  const id = typeof data.id === 'number' && Number.isInteger(data.id) ? data.id : null;
  if (id === null) return { invalid: 'message has no integer id', id: null };
  if (data.v !== PROTOCOL_VERSION)
    return { invalid: `protocol version ${String(data.v)} is not ${PROTOCOL_VERSION}`, id };
  if (typeof data.kind !== 'string' || !REQUEST_KINDS.has(data.kind)) {
    return { invalid: `unknown request kind ${String(data.kind)}`, id };
  }
  if ((data.kind === 'load' || data.kind === 'generate') && !isRecord(data.request)) {
    return { invalid: `${data.kind} request has no payload`, id };
  }
  return data as WorkerRequest;
}

const REPLY_KINDS: ReadonlySet<string> = new Set<WorkerReply['kind']>([
  'progress',
  'tokens',
  'result',
  'error',
]);

/** Checks a reply where it enters the page. */
export function parseReply(data: unknown): WorkerReply | null {
  if (!isRecord(data) || data.v !== PROTOCOL_VERSION || typeof data.id !== 'number') return null;
  if (typeof data.kind !== 'string' || !REPLY_KINDS.has(data.kind)) return null;
  if (data.kind === 'error') {
    const error = data.error;
    if (!isRecord(error) || !isErrorCode(error.code) || typeof error.message !== 'string') return null;
  }
  // Every other kind carries its payload under its own name, and every payload is an object.
  if (data.kind === 'progress' && !isRecord(data.progress)) return null;
  if (data.kind === 'tokens' && !(Array.isArray(data.tokens) && data.tokens.every(isRecord))) return null;
  if (data.kind === 'result' && !isRecord(data.result)) return null;
  return data as WorkerReply;
}
