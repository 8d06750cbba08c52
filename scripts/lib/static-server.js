// A small static file server shared by `npm start` (the production build, with SPA fallback) and
// `npm run fixtures:serve` (generated models in hub layout). It supports HTTP Range, ETag/Last-Modified and
// CORS because model loaders fetch weights in ranges from another origin. Hostile requests get a 4xx and
// failures a 500 (or a closed socket once headers are out); the process itself never goes down for one.
import { createServer, STATUS_CODES } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chooseEncoding, compressed, isCompressible } from './compression.js';
import { entityTag, isNotModified, parseRange, rangeStillApplies } from './conditional.js';
import { openInside } from './open-file.js';
import { parseRequestPath } from './request-path.js';

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
 * @param {{ root: string, spaFallback?: boolean, cors?: boolean, log?: boolean, compress?: boolean,
 *   headers?: Readonly<Record<string, string>> }} options `headers` go on every response, errors included.
 *   `compress`: Brotli or gzip for text and wasm outside /models/ (weights and their index files are
 *   downloaded in verified byte ranges, so they are always sent as they are).
 * @returns {import('node:http').Server}
 */
export function createStaticServer({
  root,
  spaFallback = false,
  cors = false,
  log = false,
  compress = false,
  headers = {},
}) {
  const rootDir = resolve(root);
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (log) res.on('finish', () => console.log(`${req.method} ${req.url} ${res.statusCode}`));
    handle(req, res, { root: rootDir, spaFallback, cors, compress }).catch((error) => {
      console.error(`Error serving ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) res.destroy();
      else plain(res, 500);
    });
  });
  // Requests Node cannot even parse (a 64 KB URL, bad header syntax) never reach the handler.
  server.on('clientError', (error, socket) => {
    const code = 'code' in error ? error.code : '';
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'Connection: close',
      'Content-Length: 0',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n`);
  });
  return server;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} [body]
 */
function plain(res, status, body = STATUS_CODES[status] ?? '') {
  // An error may follow a file's headers: none of its validators or year-long caching may stick to it.
  for (const name of ['ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Range']) res.removeHeader(name);
  res
    .writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(body);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ root: string, spaFallback: boolean, cors: boolean, compress: boolean }} options
 */
async function handle(req, res, { root, spaFallback, cors, compress }) {
  const method = req.method ?? 'GET';
  if (cors) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified',
    );
  }
  if (method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
    return;
  }
  const target = parseRequestPath(req.url);
  if ('status' in target) {
    plain(res, target.status, `Bad request: ${target.reason}`);
    return;
  }
  const { pathname } = target;
  let file = await openInside(root, join(root, pathname));
  if (file === null && spaFallback && extname(pathname) === '') {
    file = await openInside(root, join(root, 'index.html'));
  }
  if (file === 'outside') {
    plain(res, 403, 'Forbidden: this path leads outside the served folder');
    return;
  }
  if (file === null) {
    plain(res, 404, `Not found: ${pathname}`);
    return;
  }
  await sendFile(req, res, file, method === 'HEAD', compress);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./open-file.js').OpenFile} file
 * @param {boolean} headOnly
 * @param {boolean} compress
 */
async function sendFile(req, res, file, headOnly, compress) {
  const { handle, path, size, mtimeMs, relative } = file;
  let streaming = false;
  try {
    const extension = extname(path).toLowerCase();
    const type = MIME_TYPES[/** @type {keyof typeof MIME_TYPES} */ (extension)];
    const variable = compress && !relative.startsWith('/models/') && isCompressible(extension);
    // A byte range is of the file as it is; only whole responses are compressed.
    const encoding =
      variable && req.headers.range === undefined
        ? chooseEncoding(req.headers['accept-encoding'], extension)
        : null;
    if (variable) res.setHeader('Vary', 'Accept-Encoding');
    // Each encoding is its own representation, with its own validator.
    const etag = encoding ? entityTag(file).replace(/"$/, `-${encoding}"`) : entityTag(file);
    const lastModified = new Date(mtimeMs).toUTCString();
    res.setHeader('Content-Type', type ?? 'application/octet-stream');
    res.setHeader('Accept-Ranges', 'bytes');
    // Hashed assets can be cached forever; index.html and models must revalidate (ETag makes that cheap).
    res.setHeader(
      'Cache-Control',
      relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', lastModified);
    if (isNotModified(req.headers, etag, mtimeMs)) {
      res.removeHeader('Content-Type');
      res.writeHead(304).end();
      return;
    }
    if (encoding) {
      const body = await compressed(file, encoding, () => handle.readFile());
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': String(body.length) });
      res.end(headOnly ? undefined : body);
      return;
    }
    const asked = parseRange(req.headers.range, size);
    const ifRange = req.headers['if-range'];
    const applies = rangeStillApplies(typeof ifRange === 'string' ? ifRange : undefined, etag, lastModified);
    const range = applies ? asked : null;
    if (range === 'invalid') {
      res.writeHead(416, {
        'Content-Range': `bytes */${size}`,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end('Range not satisfiable');
      return;
    }
    const [start, end] = range ?? [0, size - 1];
    const length = Math.max(0, end - start + 1);
    res.writeHead(range ? 206 : 200, {
      'Content-Length': String(length),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (headOnly || length === 0 || res.destroyed) {
      res.end();
      return;
    }
    streaming = true;
    streamRange(res, handle, start, end, length);
  } finally {
    if (!streaming) await handle.close();
  }
}

/**
 * Headers are out by now, so a failed or short read (the file shrank mid-response) can only close the
 * socket: ending normally would leave the client waiting for the bytes that Content-Length promised.
 * @param {import('node:http').ServerResponse} res
 * @param {import('node:fs/promises').FileHandle} handle
 * @param {number} start
 * @param {number} end
 * @param {number} length
 */
function streamRange(res, handle, start, end, length) {
  const stream = handle.createReadStream({ start, end });
  stream.on('error', (error) => {
    console.error(`Read error: ${error.message}`);
    res.destroy();
  });
  stream.on('end', () => {
    if (stream.bytesRead < length) res.destroy();
    else res.end();
  });
  res.on('close', () => stream.destroy());
  stream.pipe(res, { end: false });
}
