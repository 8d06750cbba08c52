import {
  CloudAuthError,
  CloudModelNotFoundError,
  CloudRateLimitedError,
  CloudServerError,
  ContextTooLongError,
  InvalidRequestError,
  type HearthError,
} from '../errors';
import { errorMessageOf, parseJson } from './json';
import { redactSecret, truncate } from './redact';

/** How servers say the model is unknown: OpenAI, vLLM, OpenRouter and Ollama wordings. */
const MODEL_MISSING =
  /model_not_found|does not exist|not a valid model|invalid model|unknown model|no such model|model not found/i;
const CONTEXT_TOO_LONG = /context_length_exceeded|maximum context length|context window|too many tokens/i;

/**
 * Seconds to wait from a Retry-After header: either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Null when absent or unreadable, so the message falls back to a general "wait a minute".
 */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  // An HTTP-date names its weekday and month; without letters, Date.parse would read "-5" as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The readable part of an error body: the JSON message if there is one, else the text without HTML tags. */
export function bodyMessage(body: string, apiKey: string): string {
  const parsed = parseJson(body);
  const fromJson = parsed.ok ? errorMessageOf(parsed.value) : null;
  const raw = fromJson ?? (/^\s*</.test(body) ? body.replace(/<[^>]*>/g, ' ') : body);
  // Redact before cutting, so a key can never survive half-cut.
  return truncate(redactSecret(raw, apiKey));
}

/** The error for a response that is not 2xx. `body` is the raw body text ('' if unreadable). */
export function errorForStatus(
  status: number,
  headers: Headers,
  body: string,
  context: { apiKey: string; model: string },
): HearthError {
  const said = bodyMessage(body, context.apiKey);
  const message = said === '' ? `HTTP ${status}` : `HTTP ${status}: ${said}`;
  if (status === 401 || status === 403) return new CloudAuthError(message, { status });
  if (status === 429) {
    const retryAfterS = parseRetryAfter(headers.get('retry-after'));
    return new CloudRateLimitedError(message, retryAfterS === null ? { status } : { status, retryAfterS });
  }
  if (status >= 500) return new CloudServerError(message, { status });
  if (status === 404 || MODEL_MISSING.test(said)) {
    return new CloudModelNotFoundError(message, { status, model: context.model });
  }
  if (CONTEXT_TOO_LONG.test(said)) return new ContextTooLongError(message, { status });
  // Other 4xx: the request itself was refused (a bad parameter for this server); the sentence says so.
  return new InvalidRequestError(`The cloud endpoint refused the request (${message}).`, { status });
}
