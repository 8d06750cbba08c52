// A small static file server shared by `npm start` (the production build, with SPA fallback) and
// `npm run fixtures:serve` (generated models in hub layout). It supports HTTP Range and CORS because
// model loaders fetch weights in ranges from another origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

/**
 * @param {{ root: string, spaFallback?: boolean, cors?: boolean, log?: boolean }} options
 * @returns {import('node:http').Server}
 */
export function createStaticServer({ root, spaFallback = false, cors = false, log = false }) {
  const rootDir = resolve(root);
  return createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
    }
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    const candidate = normalize(join(rootDir, pathname));
    if (candidate !== rootDir && !candidate.startsWith(rootDir + sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    let file = await fileAt(candidate);
    if (!file && spaFallback && extname(pathname) === '') file = await fileAt(join(rootDir, 'index.html'));
    if (log) console.log(`${method} ${url.pathname} ${file ? 200 : 404}`);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${url.pathname}`);
      return;
    }
    sendFile(req, res, file.path, file.size, method === 'HEAD');
  });
}

/** @param {string} path */
async function fileAt(path) {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fileAt(join(path, 'index.html'));
    return { path, size: info.size };
  } catch {
    return null;
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 * @param {number} size
 * @param {boolean} headOnly
 */
function sendFile(req, res, path, size, headOnly) {
  const type = MIME_TYPES[/** @type {keyof typeof MIME_TYPES} */ (extname(path).toLowerCase())];
  const headers = {
    'Content-Type': type ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    // Hashed assets can be cached forever; index.html and models must revalidate.
    'Cache-Control': path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'invalid') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const status = range ? 206 : 200;
  res.writeHead(status, {
    ...headers,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (headOnly || size === 0) {
    res.end();
    return;
  }
  createReadStream(path, { start, end }).pipe(res);
}

/**
 * Parses a single `bytes=a-b` range; multi-range requests are served whole, which RFC 9110 allows.
 * @param {string | undefined} header
 * @param {number} size
 * @returns {[number, number] | null | 'invalid'}
 */
export function parseRange(header, size) {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return 'invalid';
  let start;
  let end;
  if (from === '') {
    const suffix = Number(to);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return [start, end];
}

/**
 * Reads `--name value` flags; unknown flags are an error so typos fail loudly.
 * @template {Record<string, string>} T
 * @param {string[]} argv
 * @param {T} defaults
 * @returns {T}
 */
export function parseFlags(argv, defaults) {
  /** @type {Record<string, string>} */
  const flags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".`);
    const name = arg.slice(2);
    if (!(name in defaults))
      throw new Error(
        `Unknown option --${name}. Known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(', ')}.`,
      );
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option --${name} needs a value.`);
    flags[name] = value;
    i++;
  }
  return /** @type {T} */ (flags);
}
