import { InvalidRequestError } from '../errors';

export interface Settings {
  /** Base URL of a server in Hugging Face hub layout. */
  modelMirrorUrl: string;
}

export const HUGGING_FACE_HUB = 'https://huggingface.co';

export const DEFAULT_SETTINGS: Settings = {
  modelMirrorUrl: HUGGING_FACE_HUB,
};

/** Checks a mirror URL typed by a person; returns it without a trailing slash. */
export function normaliseMirrorUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidRequestError(
      `"${trimmed}" is not a web address. Enter one like https://huggingface.co.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidRequestError('The model mirror must be an http:// or https:// address.');
  }
  return url.href.replace(/\/+$/, '');
}

/** Fills fields missing from an older saved record with today's defaults. */
export function withDefaults(saved: Partial<Settings> | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...saved };
}
