/** Sending hard questions to an OpenAI-compatible cloud endpoint, and keeping its cost within a budget. */
export { streamChatCompletion, DEFAULT_IDLE_TIMEOUT_MS } from './client';
export { chatCompletionsUrl, checkEndpointUrl, normaliseEndpointUrl } from './endpoint';
export { DEFAULT_MAX_ANSWER_CHARS, DEFAULT_MAX_DURATION_MS } from './limits';
export { billedEstimate, streamOutcome, type BillingFacts, type StreamOutcome } from './billing';
export {
  SpendLedger,
  SPEND_CHANNEL,
  type BroadcastLike,
  type SpendLedgerOptions,
  type SpendListener,
} from './ledger';
export { CloudPause, DEFAULT_RATE_LIMIT_PAUSE_S, MAX_PAUSE_S, rateLimitPauseS } from './pause';
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
