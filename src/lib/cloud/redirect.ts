import { CloudRedirectError } from '../errors';

/**
 * Whether a response (fetched with `redirect: 'manual'`) is a redirect. In a browser that is an
 * `opaqueredirect` response with status 0 and no readable headers; elsewhere (Node, a test's fetch) it is
 * the 3xx itself, Location included.
 */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * The error for a redirect, naming the host it pointed to when that can be read (only the host: a path
 * or query may carry a token).
 */
export function redirectError(response: Response, requestUrl: string): CloudRedirectError {
  if (response.type === 'opaqueredirect') {
    return new CloudRedirectError('a redirect, whose target the browser does not let Hearth read');
  }
  const { status } = response;
  const host = locationHost(response.headers.get('location'), requestUrl);
  if (host === null) return new CloudRedirectError(`HTTP ${status} without a readable Location`, { status });
  return new CloudRedirectError(`HTTP ${status} to ${host}`, { status, host });
}

function locationHost(location: string | null, base: string): string | null {
  if (location === null || location.trim() === '') return null;
  try {
    return new URL(location.trim(), base).host || null;
  } catch {
    return null;
  }
}
