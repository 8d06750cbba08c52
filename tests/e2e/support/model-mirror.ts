import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join, relative } from 'node:path';

/** One response, as the mirror served it: which bytes of which file. */
export interface Served {
  path: string;
  status: number;
  /** First and one-past-last byte actually written to the socket. */
  start: number;
  end: number;
}

export interface MirrorFaults {
  /** Cut the connection after this many bytes of the next response for a path ending in this. */
  dropAfter?: { suffix: string; bytes: number };
  /** Send bytes this much slower (bytes per second) for paths ending in this. */
  throttle?: { suffix: string; bytesPerS: number };
  /** Answer paths ending in this with an HTML error page and status 200. */
  htmlFor?: string;
  /** Serve paths ending in this with one byte flipped, under the ETag (SHA-256) of the true file. */
  corruptFor?: string;
}

export interface ModelMirror {
  /** Base URL in hub layout; 127.0.0.1, never "localhost" (web-llm skips its checks for "localhost"). */
  url: string;
  served: Served[];
  faults: MirrorFaults;
  set(path: string, bytes: Uint8Array): void;
  stop(): Promise<void>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A local mirror in the Hugging Face layout (`/{repo}/resolve/main/{file}`) for e2e tests: Range, If-Range,
 * a SHA-256 ETag (as the hub sends for LFS files), CORS for a cross-origin-isolated page, a log of every
 * byte range it sent, and faults on demand.
 */
export async function startModelMirror(): Promise<ModelMirror> {
  const files = new Map<string, Uint8Array>();
  const served: Served[] = [];
  const state: { faults: MirrorFaults } = { faults: {} };
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const faults = state.faults;
    if (faults.htmlFor && path.endsWith(faults.htmlFor)) {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!DOCTYPE html><html><body>Service unavailable</body></html>');
      return;
    }
    const stored = files.get(path);
    if (!stored) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${sha256(stored)}"`;
    let bytes = stored;
    if (faults.corruptFor && path.endsWith(faults.corruptFor)) {
      bytes = stored.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    let start = 0;
    let status = 200;
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= bytes.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
        return;
      }
      status = 206;
    }
    const headers: Record<string, string> = {
      'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'Content-Length': String(bytes.length - start),
      'Accept-Ranges': 'bytes',
      ETag: etag,
    };
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    res.writeHead(status, headers);
    const record: Served = { path, status, start, end: start };
    served.push(record);
    let limit = bytes.length;
    if (faults.dropAfter && path.endsWith(faults.dropAfter.suffix)) {
      limit = Math.min(limit, start + faults.dropAfter.bytes);
      state.faults = { ...state.faults };
      delete state.faults.dropAfter;
    }
    const throttle =
      faults.throttle && path.endsWith(faults.throttle.suffix) ? faults.throttle.bytesPerS : null;
    void send(res, bytes, start, limit, throttle, record);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    get faults() {
      return state.faults;
    },
    set faults(value: MirrorFaults) {
      state.faults = value;
    },
    set: (path, bytes) => files.set(path.startsWith('/') ? path : `/${path}`, bytes),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function send(
  res: ServerResponse,
  bytes: Uint8Array,
  start: number,
  limit: number,
  bytesPerS: number | null,
  record: Served,
): Promise<void> {
  const piece = 16 * 1024;
  for (let at = start; at < limit; at += piece) {
    if (res.destroyed) return;
    const end = Math.min(limit, at + piece);
    res.write(bytes.subarray(at, end));
    record.end = end;
    if (bytesPerS) await new Promise((resolve) => setTimeout(resolve, ((end - at) / bytesPerS) * 1000));
  }
  if (limit < bytes.length) {
    // After a pause, so the browser has handed the bytes on: a reset at once it may quietly retry.
    await new Promise((resolve) => setTimeout(resolve, 300));
    res.destroy();
  } else res.end();
}

/** Every file of a generated model folder (the self-test model's build), by its path inside it. */
export function readModelFolder(folder: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(folder, full), new Uint8Array(readFileSync(full)));
    }
  };
  walk(folder);
  return out;
}

/** How many chunks Hearth's weight cache holds, read from its IndexedDB in the page. */
export function hearthChunks(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('hearth-models');
        open.onsuccess = () => {
          const request = open.result.transaction('chunks').objectStore('chunks').count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      }),
  );
}
