import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_HEADERS, MODEL_HOST_HEADERS } from '../../../scripts/lib/security-headers.js';
import { rawExchange, rawRequest, type RawAnswer } from './raw-http';
import { FILE_TEXT, INDEX_HTML, serve, type Served } from './serve-fixture';

function expectAppHeaders(answer: RawAnswer): void {
  for (const [name, value] of Object.entries(APP_HEADERS)) {
    expect(answer.headers[name.toLowerCase()], `${name} on a ${answer.status}`).toBe(value);
  }
}

describe('the app server refuses hostile requests and keeps serving', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ spaFallback: true, headers: { ...APP_HEADERS } });
  });
  afterAll(() => served.close());

  const hostile: [string, string, Record<string, string>, number][] = [
    ['an empty first segment', '//', {}, 400],
    ['three slashes', '///', {}, 400],
    ['an empty segment inside', '/sub//index.html', {}, 400],
    ['a lone percent sign', '/%', {}, 400],
    ['a bad percent escape', '/%zz', {}, 400],
    ['an encoded NUL', '/%00', {}, 400],
    ['a NUL before an extension', '/file.txt%00.html', {}, 400],
    ['invalid UTF-8', '/%c0%af', {}, 400],
    ['an encoded slash climbing out', '/..%2f..%2fetc%2fpasswd', {}, 400],
    ['encoded dots climbing out', '/%2e%2e/%2e%2e/etc/passwd', {}, 400],
    ['plain dots climbing out', '/../../etc/passwd', {}, 400],
    ['a dot segment', '/./file.txt', {}, 400],
    ['a backslash', '/..\\..\\etc\\passwd', {}, 400],
    ['an encoded backslash', '/..%5c..%5cetc%5cpasswd', {}, 400],
    ['an absolute-form target', 'http://evil.example/file.txt', {}, 400],
    ['an asterisk target', '*', {}, 400],
    ['a 4 KB URL', `/${'a'.repeat(4096)}`, {}, 414],
    ['a 64 KB URL', `/${'a'.repeat(65536)}`, {}, 431],
    ['a Range that is not numbers', '/file.txt', { Range: 'bytes=abc' }, 416],
    ['a Range that ends before it starts', '/file.txt', { Range: 'bytes=5-2' }, 416],
    ['a Range past the end', '/file.txt', { Range: 'bytes=1000-' }, 416],
    ['a Range with a 20-digit start', '/file.txt', { Range: 'bytes=99999999999999999999-' }, 416],
    ['an empty suffix Range', '/file.txt', { Range: 'bytes=-0' }, 416],
    ['a 20 KB Range header', '/file.txt', { Range: `bytes=${'0-1,'.repeat(5000)}0-1` }, 431],
    ['a missing file', '/nope.js', {}, 404],
    ['a POST', '/file.txt', {}, 405],
  ];

  it.each(hostile)(
    'answers %s with its status, the security headers, and then a normal GET',
    async (...args) => {
      const [what, target, headers, status] = args;
      const answer = await rawRequest(served.port, target, headers, what === 'a POST' ? 'POST' : 'GET');
      expect(answer.status).toBe(status);
      expectAppHeaders(answer);
      const after = await rawRequest(served.port, '/file.txt');
      expect(after.status).toBe(200);
      expect(after.body.toString()).toBe(FILE_TEXT);
    },
  );

  it('answers a request line that is not HTTP with 400 and the security headers', async () => {
    const answer = await rawExchange(served.port, 'BONJOUR\r\n\r\n');
    expect(answer.status).toBe(400);
    expectAppHeaders(answer);
    expect((await rawRequest(served.port, '/')).status).toBe(200);
  });

  it('survives a client that hangs up halfway through its request', async () => {
    await rawExchange(served.port, 'GET /file.txt HTTP/1.1\r\nHost: loc', 200).catch(() => undefined);
    expect((await rawRequest(served.port, '/file.txt')).status).toBe(200);
  });

  it('serves files, index.html for folders and client routes, with the security headers', async () => {
    const file = await rawRequest(served.port, '/file.txt?cache=1#frag');
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expectAppHeaders(file);
    expect((await rawRequest(served.port, '/')).body.toString()).toBe(INDEX_HTML);
    expect((await rawRequest(served.port, '/sub/')).body.toString()).toBe('<p>sub</p>');
    const route = await rawRequest(served.port, '/settings/deep');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe(INDEX_HTML);
    // A missing file with an extension is a real 404, not the app.
    expect((await rawRequest(served.port, '/missing.css')).status).toBe(404);
  });

  it('lets hashed assets be cached for a year, makes the rest revalidate and errors never stick', async () => {
    const asset = await rawRequest(served.port, '/assets/app.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawRequest(served.port, '/file.txt')).headers['cache-control']).toBe('no-cache');
    // A client route under /assets/ is the app's index.html, not a hashed asset.
    expect((await rawRequest(served.port, '/assets/route')).headers['cache-control']).toBe('no-cache');
    const missing = await rawRequest(served.port, '/assets/missing.js');
    expect(missing.headers['cache-control']).toBe('no-store');
    const badRange = await rawRequest(served.port, '/assets/app.js', { Range: 'bytes=x' });
    expect(badRange.status).toBe(416);
    expect(badRange.headers['cache-control']).toBe('no-store');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await rawRequest(served.port, '/file.txt', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(FILE_TEXT.length));
    expect(head.body).toHaveLength(0);
  });

  it('never serves a FIFO (it would block) and treats a symlink loop as missing', async () => {
    expect((await rawRequest(served.port, '/pipe.txt')).status).toBe(404);
    expect((await rawRequest(served.port, '/loop.txt')).status).toBe(404);
  });
});

describe('symlinks', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ headers: { ...APP_HEADERS } });
  });
  afterAll(() => served.close());

  it('are followed when they stay inside the root', async () => {
    const file = await rawRequest(served.port, '/link-in.txt');
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe(FILE_TEXT);
    expect((await rawRequest(served.port, '/assets-link/app.js')).status).toBe(200);
  });

  it('are refused when they lead outside the root, to a file or through a folder', async () => {
    for (const target of ['/link-out.txt', '/dir-out/secret.txt']) {
      const answer = await rawRequest(served.port, target);
      expect(answer.status, target).toBe(403);
      expect(answer.body.toString()).not.toContain('secret');
      expectAppHeaders(answer);
    }
  });
});

describe('the model host (fixtures:serve)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ cors: true, headers: { ...MODEL_HOST_HEADERS } });
  });
  afterAll(() => served.close());

  it('lets other origins read it, also from a cross-origin-isolated page', async () => {
    const answer = await rawRequest(served.port, '/file.txt', { Origin: 'http://localhost:4173' });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(answer.headers['access-control-expose-headers']).toContain('Content-Range');
    const preflight = await rawRequest(served.port, '/file.txt', {}, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Range');
  });

  it('keeps the app-only headers (CSP, COEP) off', async () => {
    const answer = await rawRequest(served.port, '/file.txt');
    expect(answer.headers['content-security-policy']).toBeUndefined();
    expect(answer.headers['cross-origin-embedder-policy']).toBeUndefined();
  });
});
