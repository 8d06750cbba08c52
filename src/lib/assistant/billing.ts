import type { CloudUsage } from '../cloud/types';
import { CloudStreamDroppedError, CloudTimeoutError } from '../errors';

/** Characters per token for estimates: about right for English with the common tokenizers. */
const CHARS_PER_TOKEN = 4;

export function estimateUsage(promptChars: number, answerChars: number): CloudUsage {
  return {
    promptTokens: Math.ceil(Math.max(0, promptChars) / CHARS_PER_TOKEN),
    completionTokens: Math.ceil(Math.max(0, answerChars) / CHARS_PER_TOKEN),
  };
}

/**
 * What a failed cloud request is billed, as far as Hearth can tell: nothing when the server refused it or
 * never answered (no generation happened); the prompt and the text received when it failed while
 * generating (a dropped stream, a stall mid-answer), because providers bill what they generated.
 */
export function billedOnFailure(
  error: unknown,
  promptChars: number,
  receivedText: string,
): CloudUsage | null {
  if (error instanceof CloudStreamDroppedError) {
    const text = receivedText.length >= error.partialText.length ? receivedText : error.partialText;
    return estimateUsage(promptChars, text.length);
  }
  if (error instanceof CloudTimeoutError && receivedText !== '') {
    return estimateUsage(promptChars, receivedText.length);
  }
  return null;
}
