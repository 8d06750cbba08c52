// Validators (ETag, Last-Modified), conditional requests and byte ranges for the static server (RFC 9110).

/**
 * A strong validator from size and modification time: it changes whenever a build rewrites the file.
 * @param {{ size: number, mtimeMs: number }} info
 */
export function entityTag({ size, mtimeMs }) {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** @param {string} tag */
const opaque = (tag) => tag.trim().replace(/^W\//, '');

/**
 * True when a GET or HEAD may be answered 304. If-None-Match wins over If-Modified-Since (§13.2.2).
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} etag
 * @param {number} mtimeMs
 */
export function isNotModified(headers, etag, mtimeMs) {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true;
    return noneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  // HTTP dates have whole seconds.
  return Number.isFinite(sinceMs) && Math.floor(mtimeMs / 1000) * 1000 <= sinceMs;
}

/**
 * If-Range: the range applies only if the client's copy is this one (strong comparison, exact date).
 * @param {string | undefined} header
 * @param {string} etag
 * @param {string} lastModified
 */
export function rangeStillApplies(header, etag, lastModified) {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  return value === lastModified;
}

/**
 * Parses a single `bytes=a-b` range. Other units are ignored and several ranges are served whole, which
 * RFC 9110 allows; a malformed or unsatisfiable byte range is 'invalid' (416).
 * @param {string | undefined} header
 * @param {number} size
 * @returns {[number, number] | null | 'invalid'}
 */
export function parseRange(header, size) {
  if (header === undefined) return null;
  const unit = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!unit) return null;
  const spec = unit[1] ?? '';
  if (spec.includes(',')) return null;
  // 15 digits stay below Number.MAX_SAFE_INTEGER; a longer number is no file here.
  const match = /^\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/.exec(spec);
  if (!match) return 'invalid';
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return 'invalid';
  let start;
  let end;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
    if (to !== '' && Number(to) < start) return 'invalid';
  }
  if (start > end || start >= size) return 'invalid';
  return [start, end];
}
