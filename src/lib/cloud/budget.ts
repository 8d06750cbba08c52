import { costUsd, type Price } from './pricing';

/**
 * The month a spend counts towards, as `YYYY-MM` in local time: the budget resets when the person's own
 * calendar turns, not at midnight UTC.
 */
export function monthKey(date: Date = new Date()): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** Dollars left this month; never negative (a request can overshoot by its own cost). */
export function remainingBudget(budgetUsd: number, spentUsd: number): number {
  if (!(budgetUsd > 0)) return 0;
  return Math.max(0, budgetUsd - Math.max(0, spentUsd));
}

/**
 * Whether another cloud request may be sent. A budget of 0 (or anything not positive, or NaN) means no
 * cloud at all; a spent budget is a hard stop. With `estimateUsd`, the request must also fit in what is left.
 */
export function canSpend(budgetUsd: number, spentUsd: number, estimateUsd = 0): boolean {
  const left = remainingBudget(budgetUsd, spentUsd);
  return left > 0 && estimateUsd <= left;
}

/** Characters per token for the estimate: about right for English prose with the common tokenizers. */
const CHARS_PER_TOKEN = 4;

/**
 * A cost estimate before sending, on the high side: the output is priced as if the answer used all of
 * `maxTokens`, and the prompt is rounded up to whole tokens.
 */
export function estimateCostUsd(promptChars: number, maxTokens: number, price: Price): number {
  const promptTokens = Math.ceil(Math.max(0, promptChars) / CHARS_PER_TOKEN);
  return costUsd({ promptTokens, completionTokens: Math.max(0, maxTokens) }, price);
}
