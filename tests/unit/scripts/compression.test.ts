import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../../scripts/lib/compression.js';
import { rawRequest } from './raw-http';
import { serve, type Served } from './serve-fixture';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', '.js', 'br'],
    ['gzip', '.css', 'gzip'],
    ['br;q=0, gzip;q=0.5', '.html', 'gzip'],
    ['*', '.wasm', 'br'],
    ['identity', '.js', null],
    [undefined, '.js', null],
    ['br', '.png', null],
    ['br', '.onnx', null],
  ])('Accept-Encoding %s for %s → %s', (accept, extension, expected) => {
    expect(chooseEncoding(accept, extension)).toBe(expected);
  });
});

describe('the app server compresses whole text and wasm responses, never ranges or model files', () => {
  let served: Served;
  const script = `console.log(${JSON.stringify('Hearth '.repeat(2000))});\n`;
  beforeAll(async () => {
    served = await serve({ spaFallback: true, compress: true });
    writeFileSync(join(served.root, 'assets', 'big.js'), script);
    mkdirSync(join(served.root, 'models'));
    writeFileSync(join(served.root, 'models', 'config.json'), JSON.stringify({ pad: 'x'.repeat(5000) }));
  });
  afterAll(() => served.close());

  // Raw HTTP: fetch would decode the body and hide what was sent.
  const get = (path: string, headers: Record<string, string> = {}) => rawRequest(served.port, path, headers);

  it('sends Brotli to a browser that accepts it, the same bytes once decoded, with its own ETag', async () => {
    const response = await get('/assets/big.js', { 'Accept-Encoding': 'gzip, br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toBe('Accept-Encoding');
    const body = response.body;
    expect(body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(script);
    const etag = response.headers.etag ?? '';
    expect(etag).toMatch(/-br"$/);

    const again = await get('/assets/big.js', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(again.status).toBe(304);
  });

  it('sends gzip where Brotli is not accepted, and the file as it is where nothing is', async () => {
    const gz = await get('/assets/big.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/assets/big.js', { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('answers a byte range with the uncompressed bytes, and never compresses files under /models/', async () => {
    const range = await get('/assets/big.js', { 'Accept-Encoding': 'br', Range: 'bytes=0-10' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.body.toString()).toBe(script.slice(0, 11));
    const model = await get('/models/config.json', { 'Accept-Encoding': 'br' });
    expect(model.headers['content-encoding']).toBeUndefined();
    expect(model.headers['content-length']).toBe(String(JSON.stringify({ pad: 'x'.repeat(5000) }).length));
  });
});
