/** An in-memory file server that speaks Range, If-Range and ETag, logs what it served, and injects faults. */
import { sha256 } from '@noble/hashes/sha2.js';

export interface ServedRange {
  url: string;
  status: number;
  start: number;
  end: number;
}

export interface Faults {
  /** Close the body after this many bytes of the next response (a dropped connection). */
  dropAfter?: number;
  /** Answer the next request with an HTML error page and status 200. */
  htmlPage?: boolean;
  /** Serve these bytes while still naming the old ETag (a corrupt mirror). */
  corruptBytes?: boolean;
  /** Ignore Range and always send the whole file. */
  ignoreRange?: boolean;
}

export const hex = (bytes: Uint8Array): string =>
  Array.from(sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export class FakeFileServer {
  files = new Map<string, Uint8Array>();
  served: ServedRange[] = [];
  faults: Faults = {};
  /** ETags per URL; by default the SHA-256 of the file, as the hub names LFS files. */
  etags = new Map<string, string>();

  set(url: string, bytes: Uint8Array): void {
    this.files.set(url, bytes);
    this.etags.set(url, `"${hex(bytes)}"`);
  }

  fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const headers = new Headers(init.headers);
    const faults = this.faults;
    this.faults = {};
    if (faults.htmlPage) {
      return new Response('<!DOCTYPE html><html><body>Oops, try later</body></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html' },
      });
    }
    const file = this.files.get(input);
    if (!file) return new Response('not found', { status: 404 });
    let bytes = file;
    const etag = this.etags.get(input) ?? '';
    if (faults.corruptBytes) {
      bytes = file.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    }
    let start = 0;
    let status = 200;
    const range = /^bytes=(\d+)-$/.exec(headers.get('range') ?? '');
    const ifRange = headers.get('if-range');
    if (range && !faults.ignoreRange && (ifRange === null || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= bytes.length) return new Response(null, { status: 416 });
      status = 206;
    }
    const body = bytes.subarray(start);
    this.served.push({ url: input, status, start, end: bytes.length });
    const responseHeaders: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(body.length),
      ETag: etag,
    };
    if (status === 206)
      responseHeaders['Content-Range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    const limit = faults.dropAfter;
    const record = this.served[this.served.length - 1];
    // Small pieces, one per read, so chunk boundaries fall inside reads and a drop lands mid-file.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= body.length) {
          controller.close();
          return;
        }
        if (limit !== undefined && sent >= limit) {
          if (record) record.end = start + limit;
          controller.error(new TypeError('network error'));
          return;
        }
        const end = Math.min(body.length, sent + 1000, limit ?? Number.POSITIVE_INFINITY);
        controller.enqueue(body.subarray(sent, end));
        sent = end;
      },
    });
    return new Response(stream, { status, headers: responseHeaders });
  };
}

export function randomBytes(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
