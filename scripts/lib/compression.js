// Compressed bodies for the app's text files and its wasm: Brotli where the browser accepts it, else gzip.
// Each file is compressed once per version (path, size, mtime) and kept in memory; the build is finite.
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Types worth compressing; images are compressed already, and model files are fetched in byte ranges. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.webmanifest',
  '.wasm',
  '.txt',
  '.md',
]);

/** @type {Map<string, Promise<Buffer>>} */
const cache = new Map();

/**
 * The encoding to answer with, or null for the file as it is.
 * @param {string | undefined} acceptEncoding
 * @param {string} extension lower case, with the dot
 * @returns {'br' | 'gzip' | null}
 */
export function chooseEncoding(acceptEncoding, extension) {
  if (!COMPRESSIBLE.has(extension) || !acceptEncoding) return null;
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return [name.trim(), q === undefined ? 1 : Number(q)];
    }),
  );
  const allows = (/** @type {string} */ name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return null;
}

/** @param {string} extension */
export function isCompressible(extension) {
  return COMPRESSIBLE.has(extension);
}

/**
 * @param {{ path: string, size: number, mtimeMs: number }} file
 * @param {'br' | 'gzip'} encoding
 * @param {() => Promise<Buffer>} read
 * @returns {Promise<Buffer>}
 */
export function compressed(file, encoding, read) {
  const key = `${encoding}:${file.path}:${file.size}:${file.mtimeMs}`;
  let body = cache.get(key);
  if (!body) {
    body = read().then((bytes) =>
      encoding === 'br'
        ? brotli(bytes, {
            params: {
              // Quality 5: most of the gain at a fraction of the time of 11, for compressing on first use.
              [constants.BROTLI_PARAM_QUALITY]: 5,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          })
        : gzipAsync(bytes, { level: 6 }),
    );
    body.catch(() => cache.delete(key));
    cache.set(key, body);
  }
  return body;
}
