/** Sending hard questions to an OpenAI-compatible cloud endpoint, and keeping its cost within a budget. */
export { streamChatCompletion, DEFAULT_IDLE_TIMEOUT_MS } from './client';
export { chatCompletionsUrl } from './endpoint';
export { parseRetryAfter } from './http-errors';
export {
  budgetPriceFor,
  costUsd,
  DEFAULT_PRICES,
  priceFor,
  priceTable,
  UNKNOWN_MODEL_PRICE,
  type Price,
} from './pricing';
export { monthKey, remainingBudget, canSpend, estimateCostUsd } from './budget';
export type {
  CloudConfig,
  CloudUsage,
  CloudResult,
  CloudStats,
  CloudFinishReason,
  CloudRequest,
  CloudStreamOptions,
} from './types';
