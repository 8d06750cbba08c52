import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { downloadFile } from '../../../../src/lib/cache/download';
import { openModelCache } from '../../../../src/lib/cache/open';
import type { StoredFile } from '../../../../src/lib/cache/schema';
import { ModelStore } from '../../../../src/lib/cache/store';
import { ModelFileCorruptError, ModelFileNotFoundError, NetworkError } from '../../../../src/lib/errors';
import { FakeFileServer, hex, randomBytes } from './fake-server';

const URL_A = 'http://127.0.0.1:9/org/m/resolve/main/onnx/model.onnx';
/** What chunkSizeFor picks for a 1 MB file: its floor, 64 KiB. */
const CHUNK = 64 * 1024;

let dbCount = 0;
async function setup(size = 1_000_000) {
  const db = await openModelCache(`cache-test-${++dbCount}`);
  const store = new ModelStore(async () => db);
  const server = new FakeFileServer();
  const bytes = randomBytes(size);
  server.set(URL_A, bytes);
  const record: StoredFile = {
    url: URL_A,
    modelId: 'org/m',
    path: 'onnx/model.onnx',
    size: null,
    etag: null,
    sha256: null,
    storedBytes: 0,
    chunkSize: CHUNK,
    complete: false,
    handedTo: null,
    updatedAt: 0,
  };
  await store.putFile(record);
  const download = (signal = new AbortController().signal) =>
    downloadFile({ store, url: URL_A, fetch: server.fetch, signal });
  return { store, server, bytes, download };
}

async function readAll(store: ModelStore, url: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of store.chunks(url)) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('downloadFile', () => {
  it('stores a file in chunks, verifies it against its SHA-256 ETag and marks it complete', async () => {
    const { store, bytes, download } = await setup();
    const file = await download();
    expect(file).toMatchObject({
      complete: true,
      size: 1_000_000,
      storedBytes: 1_000_000,
      etag: `"${hex(bytes)}"`,
    });
    expect(await readAll(store, URL_A)).toEqual(bytes);
  });

  it('a dropped connection keeps whole chunks, and the next call asks only for the rest', async () => {
    const { store, server, bytes, download } = await setup();
    server.faults = { dropAfter: 150_000 };
    await expect(download()).rejects.toBeInstanceOf(NetworkError);
    // 150 000 bytes arrived: two whole 64 KiB chunks are kept, the partial third is not.
    expect((await store.file(URL_A))?.storedBytes).toBe(2 * CHUNK);

    const file = await download();
    expect(file.complete).toBe(true);
    expect(server.served.map((s) => [s.status, s.start])).toEqual([
      [200, 0],
      [206, 2 * CHUNK],
    ]);
    expect(await readAll(store, URL_A)).toEqual(bytes);
  });

  it('a file that changed on the server since the first part restarts from the first byte, never mixing versions', async () => {
    const { store, server, download } = await setup();
    server.faults = { dropAfter: 200_000 };
    await expect(download()).rejects.toBeInstanceOf(NetworkError);
    const changed = randomBytes(1_000_000, 99);
    server.set(URL_A, changed);
    const file = await download();
    expect(file.complete).toBe(true);
    // If-Range named the old ETag, so the server sent the new file whole.
    expect(server.served.at(-1)).toMatchObject({ status: 200, start: 0 });
    expect(await readAll(store, URL_A)).toEqual(changed);
  });

  it('bytes that do not match their SHA-256 are fetched again; still wrong, the file is damaged and not complete', async () => {
    const { store, server, download } = await setup();
    server.faults = { corruptBytes: true };
    // The retry gets good bytes.
    expect((await download()).complete).toBe(true);
    expect(server.served).toHaveLength(2);

    const second = await setup();
    const always = second.server;
    const original = always.fetch;
    always.fetch = (input, init) => {
      always.faults = { corruptBytes: true };
      return original(input, init);
    };
    await expect(second.download()).rejects.toBeInstanceOf(ModelFileCorruptError);
    expect((await second.store.file(URL_A))?.complete).toBe(false);
    void store;
  });

  it('an HTML error page with status 200 is not a weight file', async () => {
    const { store, server, download } = await setup();
    server.faults = { htmlPage: true };
    await expect(download()).rejects.toBeInstanceOf(ModelFileCorruptError);
    expect((await store.file(URL_A))?.storedBytes).toBe(0);
  });

  it('a missing file is ModelFileNotFoundError naming the URL', async () => {
    const { server, download } = await setup();
    server.files.clear();
    const failure = await download().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelFileNotFoundError);
    expect((failure as ModelFileNotFoundError).url).toBe(URL_A);
  });

  it('a server that ignores Range sends it whole, and the file is still right', async () => {
    const { store, server, bytes, download } = await setup();
    server.faults = { dropAfter: 300_000 };
    await expect(download()).rejects.toBeInstanceOf(NetworkError);
    server.faults = { ignoreRange: true };
    expect((await download()).complete).toBe(true);
    expect(await readAll(store, URL_A)).toEqual(bytes);
  });

  it('pausing (abort) keeps what was stored and resumes from there', async () => {
    const { store, server, bytes } = await setup();
    const controller = new AbortController();
    let seen = 0;
    const paused = downloadFile({
      store,
      url: URL_A,
      fetch: server.fetch,
      signal: controller.signal,
      onBytes: (n) => {
        seen += n;
        if (seen >= 3 * CHUNK) controller.abort();
      },
    }).catch((error: unknown) => error);
    await paused;
    const stored = (await store.file(URL_A))?.storedBytes ?? 0;
    expect(stored).toBeGreaterThanOrEqual(3 * CHUNK);
    expect(stored).toBeLessThan(1_000_000);
    const done = await downloadFile({
      store,
      url: URL_A,
      fetch: server.fetch,
      signal: new AbortController().signal,
    });
    expect(done.complete).toBe(true);
    expect(server.served.at(-1)).toMatchObject({ status: 206, start: stored });
    expect(await readAll(store, URL_A)).toEqual(bytes);
  });
});
