import {
  CloudAnswerCutError,
  CloudProtocolError,
  CloudStreamDroppedError,
  CloudTimeoutError,
} from '../errors';
import type { CloudResult, CloudUsage } from './types';

/**
 * How a cloud request ended, as far as the bill goes. Providers bill what they generated, whether or not
 * the answer arrived whole, so only 'not-generated' is free.
 * - 'completed': the stream ended normally (stop, length, content filter).
 * - 'aborted': the person stopped it after the server had begun answering.
 * - 'dropped': the connection broke, or the stream turned unreadable, after the server had begun.
 * - 'timed-out': the server went silent after it had begun streaming.
 * - 'cut': Hearth's own size or time limit stopped it (CloudAnswerCutError).
 * - 'not-generated': it never got that far: no response (network failure, a timeout or a stop while
 *   waiting), an HTTP error status (4xx, 5xx, 429), a redirect, or a request refused before sending.
 */
export type StreamOutcome = 'completed' | 'aborted' | 'dropped' | 'timed-out' | 'cut' | 'not-generated';

export interface BillingFacts {
  /** Characters of every message sent (system, history and the new one). */
  promptChars: number;
  /** The answer text received before the end, whatever the end was. */
  receivedText: string;
  /** The server's own count, when it sent one (CloudResult.usage). */
  usage: CloudUsage | null;
  outcome: StreamOutcome;
}

/** Characters per token for estimates: the same rule as the pre-send estimate in budget.ts. */
const CHARS_PER_TOKEN = 4;

/**
 * What to charge against the budget for one request, or null for nothing. Rules, in order: nothing when
 * the request never reached generation; the server's usage when it sent one; otherwise an estimate of
 * prompt and received text at 4 characters a token, each rounded up.
 */
export function billedEstimate(facts: BillingFacts): CloudUsage | null {
  if (facts.outcome === 'not-generated') return null;
  if (facts.usage !== null) return facts.usage;
  return {
    promptTokens: Math.ceil(Math.max(0, facts.promptChars) / CHARS_PER_TOKEN),
    completionTokens: Math.ceil(facts.receivedText.length / CHARS_PER_TOKEN),
  };
}

/**
 * The outcome of `streamChatCompletion`: pass its result when it resolved, or what it threw. Errors raised
 * after the event stream began carry `detail.phase === 'streaming'` (timeouts, unreadable chunks);
 * everything else the client throws happens before any generation.
 */
export function streamOutcome(ending: unknown): StreamOutcome {
  if (isCloudResult(ending)) {
    if (ending.finishReason !== 'aborted') return 'completed';
    return ending.streamed ? 'aborted' : 'not-generated';
  }
  if (ending instanceof CloudAnswerCutError) return 'cut';
  if (ending instanceof CloudStreamDroppedError) return 'dropped';
  const streaming =
    (ending instanceof CloudTimeoutError || ending instanceof CloudProtocolError) &&
    ending.detail.phase === 'streaming';
  if (!streaming) return 'not-generated';
  return ending instanceof CloudTimeoutError ? 'timed-out' : 'dropped';
}

function isCloudResult(value: unknown): value is CloudResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'finishReason' in value &&
    'streamed' in value &&
    typeof value.streamed === 'boolean'
  );
}
