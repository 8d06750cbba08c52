/**
 * Downloads one model file into the chunked store with HTTP Range: it continues from the last stored byte
 * (after a reload, a dropped connection or a pause), restarts when the file changed on the server, and
 * marks the file complete only after its size, and its SHA-256 where one is known, check out.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  AbortedError,
  HearthError,
  ModelFileCorruptError,
  ModelFileNotFoundError,
  NetworkError,
  toHearthError,
} from '../errors';
import type { StoredFile } from './schema';
import type { ModelStore } from './store';

export interface DownloadFileOptions {
  store: ModelStore;
  url: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  signal: AbortSignal;
  /** Called with each stored chunk's size. */
  onBytes?: (bytes: number) => void;
  /** Called once the file's total size is known. */
  onSize?: (size: number) => void;
  /** Called when the stored part was thrown away (the file changed): progress goes back. */
  onRestart?: () => void;
  /** A connection that sends nothing for this long is given up (what is stored stays). Default 60 s. */
  stallMs?: number;
}

const DEFAULT_STALL_MS = 60_000;

/** Waits for `work`, or rejects with NetworkError when `ms` pass first: a stalled socket must not hang. */
function withStallLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NetworkError(`${what}: nothing arrived for ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([work, stalled]).finally(() => clearTimeout(timer));
}

/** A weight file is binary: a web page in its place is an error page served with status 200. */
const HTML = /^\s*(<!doctype html|<html|<head|<body)/i;
/** Hugging Face names an LFS file's SHA-256 as its ETag (and X-Linked-Etag through its CDN). */
const SHA256_ETAG = /^(?:W\/)?"?([0-9a-f]{64})"?$/i;

/** Downloads (or finishes) `url`; resolves with its complete record. Rejects with a HearthError. */
export async function downloadFile(options: DownloadFileOptions): Promise<StoredFile> {
  const { store, url } = options;
  // One retry from the first byte: a file that changed on the server mid-way is fetched again whole.
  for (let attempt = 0; ; attempt++) {
    const file = await store.file(url);
    if (!file) throw new Error(`no file record for ${url}`);
    if (file.complete) return file;
    try {
      await fetchRest(file, options);
      return await verify(url, options);
    } catch (error) {
      const hearth = toHearthError(error);
      if (hearth instanceof FileChanged && attempt === 0) {
        await store.resetFile(url, { etag: null, size: null });
        options.onRestart?.();
        continue;
      }
      throw hearth instanceof FileChanged ? new ModelFileCorruptError(hearth.message, { url }) : hearth;
    }
  }
}

/** The server's copy is not the one half-stored here (or not what it claims): start over once. */
class FileChanged extends HearthError {
  override readonly name = 'FileChanged';
}

async function fetchRest(file: StoredFile, options: DownloadFileOptions): Promise<void> {
  const { store, url, signal } = options;
  let offset = file.storedBytes;
  if (file.size !== null && offset >= file.size) return;
  const headers: Record<string, string> = {};
  if (offset > 0) {
    headers.Range = `bytes=${offset}-`;
    // "Only if it is still this version": otherwise the server sends the new file whole (status 200).
    if (file.etag) headers['If-Range'] = file.etag;
  }
  let response: Response;
  try {
    response = await withStallLimit(
      options.fetch(url, { headers, signal, cache: 'no-store' }),
      options.stallMs ?? DEFAULT_STALL_MS,
      `the server for ${url} did not answer`,
    );
  } catch (error) {
    if (signal.aborted) throw new AbortedError('the download was paused');
    throw new NetworkError(
      `could not download ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (response.status === 404) throw new ModelFileNotFoundError(url);
  if (response.status === 416 && file.size !== null && offset >= file.size) return;
  if (!response.ok) throw new NetworkError(`${url} answered HTTP ${response.status}`);

  const etag = response.headers.get('etag');
  let size: number | null;
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset)
      throw new FileChanged(`${url} sent another part than asked for`);
    size = range[3] === '*' ? null : Number(range[3]);
  } else {
    // 200: the whole file. Either nothing was stored yet, or the server ignored the range or has a new version.
    if (offset > 0) {
      await store.resetFile(url);
      offset = 0;
    }
    const length = response.headers.get('content-length');
    size = length === null ? null : Number(length);
  }
  if (file.etag && etag && etag !== file.etag && response.status === 206)
    throw new FileChanged(`${url} changed on the server`);
  if (/text\/html/i.test(response.headers.get('content-type') ?? '') && !url.endsWith('.html'))
    throw new ModelFileCorruptError(
      `${url} is a web page, not a model file (the mirror sent an error page)`,
      { url },
    );

  // The chunk size is fixed when a file starts: what a reload can lose is at most one chunk, ~1/64 of it.
  const chunkSize = offset === 0 ? chunkSizeFor(size) : file.chunkSize;
  const started = { ...file, size, etag, storedBytes: offset, chunkSize };
  await store.putFile(started);
  if (size !== null) options.onSize?.(size);
  if (!response.body) throw new NetworkError(`${url} sent no body`);
  await storeBody(response.body, started, options);
}

/** 1/64 of the file, between 64 KiB and 4 MiB: small files resume finely, large ones in few writes. */
export function chunkSizeFor(size: number | null): number {
  if (size === null) return MAX_CHUNK;
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(size / 64 / MIN_CHUNK) * MIN_CHUNK));
}

const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;

/** Reads the body into whole chunks; only the file's very last chunk may be short. */
async function storeBody(
  body: ReadableStream<Uint8Array>,
  file: StoredFile,
  options: Pick<DownloadFileOptions, 'store' | 'url' | 'signal' | 'onBytes' | 'stallMs'>,
): Promise<void> {
  const { store, url, signal } = options;
  const reader = body.getReader();
  const buffer = new Uint8Array(file.chunkSize);
  let filled = 0;
  let stored = file.storedBytes;
  let index = Math.ceil(stored / file.chunkSize);
  let first = true;
  const flush = async (): Promise<void> => {
    await store.appendChunk(url, index++, buffer.subarray(0, filled));
    stored += filled;
    options.onBytes?.(filled);
    filled = 0;
  };
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await withStallLimit(reader.read(), options.stallMs ?? DEFAULT_STALL_MS, `downloading ${url}`);
      } catch (error) {
        if (signal.aborted) throw new AbortedError('the download was paused');
        if (error instanceof NetworkError) throw error;
        throw new NetworkError(`the connection dropped while downloading ${url} (${String(error)})`);
      }
      if (signal.aborted) throw new AbortedError('the download was paused');
      if (step.done) break;
      let bytes = step.value;
      if (first && stored === 0 && looksLikeHtml(bytes))
        throw new ModelFileCorruptError(`${url} is a web page, not a model file`, { url });
      first = false;
      while (bytes.byteLength > 0) {
        const take = Math.min(bytes.byteLength, file.chunkSize - filled);
        buffer.set(bytes.subarray(0, take), filled);
        filled += take;
        bytes = bytes.subarray(take);
        if (filled === file.chunkSize) await flush();
      }
      if (file.size !== null && stored + filled > file.size)
        throw new FileChanged(`${url} is longer than the ${file.size} bytes announced`);
    }
    // A short last chunk is kept only at the true end of the file: anywhere else it would break resuming.
    const atEnd = file.size === null || stored + filled === file.size;
    if (filled > 0 && atEnd) await flush();
    if (!atEnd) throw new NetworkError(`the connection closed early while downloading ${url}`);
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Keeps a whole response that someone else fetched (transformers.js for a built-in model, through its cache
 * hook) as a complete file: the bytes then exist once, in Hearth's store.
 */
export async function storeResponse(
  store: ModelStore,
  file: StoredFile,
  response: Response,
): Promise<StoredFile> {
  await store.resetFile(file.url);
  const length = response.headers.get('content-length');
  const record = { ...file, size: length === null ? null : Number(length), storedBytes: 0, complete: false };
  await store.putFile(record);
  if (!response.body) throw new NetworkError(`${file.url} had no body`);
  await storeBody(response.body, record, { store, url: file.url, signal: new AbortController().signal });
  return verify(file.url, { store });
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return HTML.test(head);
}

/** Checks the stored bytes against the size and hash, then marks the file complete. */
async function verify(url: string, { store }: Pick<DownloadFileOptions, 'store'>): Promise<StoredFile> {
  const file = await store.file(url);
  if (!file) throw new Error(`no file record for ${url}`);
  if (file.size !== null && file.storedBytes !== file.size)
    throw new FileChanged(`${url}: ${file.storedBytes} bytes stored of ${file.size}`);
  // A hash the catalog pins wins; else the one the server names for this version of the file.
  const expected = file.sha256 ?? SHA256_ETAG.exec(file.etag ?? '')?.[1]?.toLowerCase() ?? null;
  if (expected) {
    const hash = sha256.create();
    for await (const chunk of store.chunks(url)) hash.update(chunk);
    const actual = toHex(hash.digest());
    if (actual !== expected)
      throw new FileChanged(`${url} does not match its SHA-256 (${actual.slice(0, 12)}…)`);
  }
  const complete = { ...file, size: file.storedBytes, complete: true };
  await store.putFile(complete);
  return complete;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
