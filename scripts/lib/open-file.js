// Opens the file a request names, only if its real path (symlinks resolved) lies inside the served root.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Errors that mean "no such file here", answered 404; anything else is the server's fault (500). */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR']);

/**
 * @typedef {{ handle: import('node:fs/promises').FileHandle, path: string, size: number, mtimeMs: number,
 *   relative: string }} OpenFile `relative` is the real path under the root, with `/` separators.
 */

/** @param {unknown} error */
function isMissing(error) {
  return (
    error instanceof Error && 'code' in error && typeof error.code === 'string' && MISSING.has(error.code)
  );
}

/**
 * A directory is served by its index.html. Returns null when nothing is there, 'outside' when the real
 * path escapes the root (a symlink out of it), and throws for other file system errors.
 * @param {string} rootDir
 * @param {string} candidate an absolute path under rootDir, built from a checked request path
 * @returns {Promise<OpenFile | null | 'outside'>}
 */
export async function openInside(rootDir, candidate) {
  let realRoot;
  let real;
  try {
    realRoot = await realpath(rootDir);
    real = await realpath(candidate);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return 'outside';
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer, holding one of libuv's few threads.
    handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  // The handle is what gets read, so these facts cannot change between the check and the read.
  let info;
  try {
    info = await handle.stat();
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (info.isDirectory()) {
    await handle.close();
    return candidate.endsWith(`${sep}index.html`) ? null : openInside(rootDir, join(real, 'index.html'));
  }
  // FIFOs, sockets and devices would block or never end.
  if (!info.isFile()) {
    await handle.close();
    return null;
  }
  const relative = real.slice(realRoot.length).split(sep).join('/');
  return { handle, path: real, size: info.size, mtimeMs: info.mtimeMs, relative };
}
