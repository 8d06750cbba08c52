/** What stands in for a secret in any text that leaves the client. */
export const REDACTED = '[redacted]';

/**
 * Removes the API key from text that came from a server or a library (servers do echo keys back in
 * "invalid key" messages, and header validation errors quote the header value), and any other Bearer token.
 */
export function redactSecret(text: string, apiKey: string): string {
  let out = text;
  for (const secret of new Set([apiKey, apiKey.trim()])) {
    if (secret !== '') out = out.split(secret).join(REDACTED);
  }
  return out.replace(/Bearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`);
}

/** Collapses whitespace and cuts to `max` characters, so an error body cannot flood a message. */
export function truncate(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
