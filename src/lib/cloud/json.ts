/** Narrowing helpers for JSON from servers we do not control: every field is checked, nothing is assumed. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The human part of an error object as the common servers write it: OpenAI and OpenRouter
 * `{error: {message}}`, some proxies `{error: "text"}`, FastAPI-based servers `{detail}`, others `{message}`.
 */
export function errorMessageOf(value: unknown): string | null {
  if (!isObject(value)) return null;
  const { error } = value;
  if (typeof error === 'string') return error;
  if (isObject(error) && typeof error.message === 'string') return error.message;
  if (typeof value.message === 'string') return value.message;
  if (typeof value.detail === 'string') return value.detail;
  return null;
}
