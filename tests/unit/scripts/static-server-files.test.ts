import { spawn } from 'node:child_process';
import { chmodSync, cpSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_HEADERS } from '../../../scripts/lib/security-headers.js';
import { rawRequest } from './raw-http';
import { FILE_TEXT, makeTree, serve, type Served } from './serve-fixture';

describe('validators and conditional requests', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ headers: { ...APP_HEADERS } });
  });
  afterAll(() => served.close());

  it('sends ETag and Last-Modified, and 304 (headers kept, no body) for a matching If-None-Match', async () => {
    const first = await rawRequest(served.port, '/file.txt');
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(first.headers['last-modified'] ?? '')).toBeGreaterThan(0);

    const again = await rawRequest(served.port, '/file.txt', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers.etag).toBe(etag);
    for (const [name, value] of Object.entries(APP_HEADERS))
      expect(again.headers[name.toLowerCase()]).toBe(value);

    expect((await rawRequest(served.port, '/file.txt', { 'If-None-Match': `"x", W/${etag}` })).status).toBe(
      304,
    );
    expect((await rawRequest(served.port, '/file.txt', { 'If-None-Match': '*' })).status).toBe(304);
    expect((await rawRequest(served.port, '/file.txt', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers If-Modified-Since with 304 unless the file changed since', async () => {
    const path = join(served.root, 'file.txt');
    utimesSync(path, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    const first = await rawRequest(served.port, '/file.txt');
    const lastModified = first.headers['last-modified'] ?? '';
    expect(lastModified).toBe('Fri, 02 Jan 2026 03:04:05 GMT');
    expect((await rawRequest(served.port, '/file.txt', { 'If-Modified-Since': lastModified })).status).toBe(
      304,
    );
    const earlier = 'Thu, 01 Jan 2026 00:00:00 GMT';
    expect((await rawRequest(served.port, '/file.txt', { 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await rawRequest(served.port, '/file.txt', { 'If-Modified-Since': 'yesterday' })).status).toBe(
      200,
    );
    // If-None-Match wins: a stale tag means 200 even with a matching date.
    const both = await rawRequest(served.port, '/file.txt', {
      'If-None-Match': '"stale"',
      'If-Modified-Since': lastModified,
    });
    expect(both.status).toBe(200);
  });

  it('gives a rewritten file a new ETag, so an old copy is not revalidated', async () => {
    const path = join(served.root, 'file.txt');
    const before = (await rawRequest(served.port, '/file.txt')).headers.etag ?? '';
    writeFileSync(path, 'a new build\n');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const after = await rawRequest(served.port, '/file.txt', { 'If-None-Match': before });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before);
    expect(after.body.toString()).toBe('a new build\n');
    writeFileSync(path, FILE_TEXT);
  });

  it('serves byte ranges, also with a matching If-Range, and the whole file for a stale one', async () => {
    const { etag = '' } = (await rawRequest(served.port, '/file.txt')).headers;
    const part = await rawRequest(served.port, '/file.txt', { Range: 'bytes=0-4' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-4/${FILE_TEXT.length}`);
    expect(part.body.toString()).toBe(FILE_TEXT.slice(0, 5));
    const suffix = await rawRequest(served.port, '/file.txt', { Range: 'bytes=-6' });
    expect(suffix.body.toString()).toBe(FILE_TEXT.slice(-6));
    const tail = await rawRequest(served.port, '/file.txt', { Range: 'bytes=7-999999' });
    expect(tail.body.toString()).toBe(FILE_TEXT.slice(7));

    const fresh = await rawRequest(served.port, '/file.txt', { Range: 'bytes=0-4', 'If-Range': etag });
    expect(fresh.status).toBe(206);
    const stale = await rawRequest(served.port, '/file.txt', { Range: 'bytes=0-4', 'If-Range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(FILE_TEXT);
    // Other units are ignored and several ranges are served whole (RFC 9110 allows both).
    expect((await rawRequest(served.port, '/file.txt', { Range: 'items=0-4' })).status).toBe(200);
    expect((await rawRequest(served.port, '/file.txt', { Range: 'bytes=0-1,3-4' })).status).toBe(200);
  });
});

describe('read failures', () => {
  it('closes the socket, instead of leaving the client waiting, when the file shrinks mid-response', async () => {
    const served = await serve({ headers: { ...APP_HEADERS } });
    const path = join(served.root, 'big.bin');
    // 64 MB (sparse): far more than the socket buffers hold, so most of it is read after the truncation.
    writeFileSync(path, '');
    truncateSync(path, 64 * 1024 * 1024);
    // Keep-alive, as browsers do: a response ended short would leave this connection waiting for bytes.
    const agent = new Agent({ keepAlive: true });
    try {
      const outcome = await new Promise<{ declared: number; received: number; how: string }>((resolve) => {
        const request = get({ host: '127.0.0.1', port: served.port, path: '/big.bin', agent }, (res) => {
          const declared = Number(res.headers['content-length']);
          let received = 0;
          res.pause();
          truncateSync(path, 1024 * 1024);
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('end', () => resolve({ declared, received, how: 'end' }));
          res.on('aborted', () => resolve({ declared, received, how: 'aborted' }));
          res.on('error', () => resolve({ declared, received, how: 'error' }));
          res.resume();
        });
        request.on('error', () => resolve({ declared: -1, received: -1, how: 'request error' }));
        // Below the server's 5 s keep-alive timeout, which would end the wait anyway.
        request.setTimeout(3000, () => resolve({ declared: -1, received: -1, how: 'hung' }));
      });
      expect(outcome.declared).toBe(64 * 1024 * 1024);
      expect(outcome.how).not.toBe('hung');
      expect(outcome.received).toBeLessThan(outcome.declared);
      expect(['aborted', 'error']).toContain(outcome.how);
      expect((await rawRequest(served.port, '/file.txt')).status).toBe(200);
    } finally {
      agent.destroy();
      await served.close();
    }
  });

  it('answers 500 with the security headers when a file cannot be opened, and keeps serving', async () => {
    // A file nobody may read. Root reads everything, so then the server runs as "nobody" in a child process.
    const { base, root } = makeTree();
    const lib = join(base, 'lib');
    cpSync(join(import.meta.dirname, '../../../scripts/lib'), lib, { recursive: true });
    chmodSync(base, 0o755);
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'locked.txt'), 'locked');
    chmodSync(join(root, 'locked.txt'), 0o000);
    const asRoot = process.getuid?.() === 0;
    const script = `
      const { createStaticServer } = await import(${JSON.stringify(join(lib, 'static-server.js'))});
      const { APP_HEADERS } = await import(${JSON.stringify(join(lib, 'security-headers.js'))});
      const server = createStaticServer({ root: ${JSON.stringify(root)}, headers: APP_HEADERS });
      server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /PORT (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      });
      const locked = await rawRequest(port, '/locked.txt');
      expect(locked.status).toBe(500);
      for (const [name, value] of Object.entries(APP_HEADERS))
        expect(locked.headers[name.toLowerCase()]).toBe(value);
      const after = await rawRequest(port, '/file.txt');
      expect(after.status).toBe(200);
      expect(after.body.toString()).toBe(FILE_TEXT);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
