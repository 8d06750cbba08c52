/**
 * Which addresses Hearth may talk to. The app's Content-Security-Policy allows connections only to https:
 * and to plain http: on this computer (loopback), so a URL outside that rule would fail in the browser
 * with an unreadable CSP error; checking it where the person types it gives a sentence instead. Plain
 * http across a network would also show the key and the conversation to anyone on the way.
 */

/** What is wrong with a URL: not http(s) at all, http to another computer, or a user:pass@ in it. */
export type UrlProblem = 'scheme' | 'insecure' | 'credentials';

/**
 * Whether a URL's hostname (as `URL` normalises it: lower case, IPv4 in dotted form, IPv6 in brackets)
 * is this computer: `localhost`, 127.0.0.0/8, or `[::1]`. Names that merely resolve to loopback
 * (`foo.localhost`, a hosts-file entry) are not counted: the CSP does not allow them either.
 */
export function isLoopbackHost(hostname: string): boolean {
  // `URL` has already turned 127.1 or 2130706433 into dotted form and refused octets over 255.
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** The first rule `url` breaks, or null: http(s) only, https unless loopback, no credentials. */
export function urlPolicyProblem(url: URL): UrlProblem | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  // Credentials in a URL end up in logs and history, and fetch refuses them in a Request anyway.
  if (url.username !== '' || url.password !== '') return 'credentials';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'insecure';
  return null;
}

/** The URL, or null when `input` (trimmed) is not an absolute URL. */
export function parseUrl(input: string): URL | null {
  try {
    return new URL(input.trim());
  } catch {
    return null;
  }
}
