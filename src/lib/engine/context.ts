import { ContextTooLongError } from '../errors';
import type { ChatMessage } from './types';

export interface FittedConversation {
  messages: ChatMessage[];
  /** How many older messages were left out. */
  dropped: number;
  promptTokens: number;
}

/**
 * Fits a conversation into the tokens the model can read: system messages and the newest message are
 * always kept; older turns are dropped from the front, whole turns at a time (a cut always lands on a user
 * message so roles still alternate). `countTokens` measures the prompt exactly as the engine will send it.
 */
export function fitToContext(
  messages: readonly ChatMessage[],
  budgetTokens: number,
  countTokens: (messages: ChatMessage[]) => number,
): FittedConversation {
  const system = messages.filter((message) => message.role === 'system');
  const turns = messages.filter((message) => message.role !== 'system');
  const build = (dropped: number): ChatMessage[] => [...system, ...turns.slice(dropped)];

  const whole = countTokens(build(0));
  if (whole <= budgetTokens) return { messages: build(0), dropped: 0, promptTokens: whole };

  // Where a cut may go: before a user message, never past the newest message.
  const cuts = turns
    .map((message, index) => ({ message, index }))
    .filter(({ message, index }) => index > 0 && (message.role === 'user' || index === turns.length - 1))
    .map(({ index }) => index);

  // Fewer dropped messages means more tokens, so the smallest cut that fits is found by bisection.
  let low = 0;
  let high = cuts.length - 1;
  let best: { dropped: number; tokens: number } | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const dropped = cuts[middle] ?? turns.length - 1;
    const tokens = countTokens(build(dropped));
    if (tokens <= budgetTokens) {
      best = { dropped, tokens };
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  if (!best) {
    const smallest = countTokens(build(Math.max(0, turns.length - 1)));
    throw new ContextTooLongError(
      `the message needs ${smallest} tokens; the model reads at most ${budgetTokens}`,
      {
        needed: smallest,
        limit: budgetTokens,
      },
    );
  }
  return { messages: build(best.dropped), dropped: best.dropped, promptTokens: best.tokens };
}
