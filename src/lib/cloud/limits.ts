import { CloudAnswerCutError } from '../errors';

/**
 * The most text Hearth keeps of one cloud answer: 256 Ki characters, about 65 000 tokens, far beyond any
 * `max_tokens` people set, so only a runaway or hostile endpoint reaches it. Every character is kept in
 * memory, saved to IndexedDB every 250 ms and rendered, so an endless stream would otherwise grow until
 * the tab dies.
 */
export const DEFAULT_MAX_ANSWER_CHARS = 256 * 1024;

/**
 * The longest one cloud answer may take, from sending to the last byte: 10 minutes. A slow reasoning model
 * finishes well within it; a stream that keeps trickling keep-alives (which reset the idle timeout) does not.
 */
export const DEFAULT_MAX_DURATION_MS = 10 * 60 * 1000;

/** The start of `content` that fits in `room` characters, never ending inside a surrogate pair. */
export function fitting(content: string, room: number): string {
  if (content.length <= room) return content;
  const cut = content.slice(0, Math.max(0, room));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export function sizeCut(maxChars: number, text: string): CloudAnswerCutError {
  return new CloudAnswerCutError(
    `the answer reached ${maxChars} characters`,
    { limit: 'size', maxChars, receivedChars: text.length, phase: 'streaming' },
    text,
  );
}

export function timeCut(maxDurationMs: number, text: string): CloudAnswerCutError {
  const maxSeconds = maxDurationMs / 1000;
  return new CloudAnswerCutError(
    `the answer took longer than ${maxSeconds} s`,
    { limit: 'time', maxSeconds, receivedChars: text.length, phase: 'streaming' },
    text,
  );
}
