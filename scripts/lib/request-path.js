// Turns a request target into a decoded path, or says why it is refused. Paths are never normalised:
// anything a normaliser would have to fix (`//`, `.`, `..`, backslashes, NUL) is refused instead, so the
// path that is checked is the path that is served.

/** Longer targets are refused before any file system call; Hearth's own URLs are far shorter. */
export const MAX_TARGET_LENGTH = 2048;

/**
 * @param {string | undefined} target the raw request target, e.g. `/assets/a.js?v=1`
 * @returns {{ pathname: string } | { status: 400 | 414, reason: string }}
 */
export function parseRequestPath(target) {
  if (!target) return { status: 400, reason: 'empty request target' };
  if (target.length > MAX_TARGET_LENGTH) return { status: 414, reason: 'request target too long' };
  // Only origin-form (`/path`): absolute-form is for proxies and `*` is for OPTIONS, neither is a file.
  if (!target.startsWith('/')) return { status: 400, reason: 'request target is not a path' };
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  let pathname;
  try {
    pathname = decodeURIComponent(raw);
  } catch {
    return { status: 400, reason: 'malformed percent-encoding' };
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(pathname))
    return { status: 400, reason: 'control character or backslash' };
  const segments = pathname.split('/').slice(1);
  for (const [index, segment] of segments.entries()) {
    if (segment === '' && index < segments.length - 1) return { status: 400, reason: 'empty path segment' };
    if (segment === '.' || segment === '..') return { status: 400, reason: 'dot segment' };
  }
  return { pathname };
}
