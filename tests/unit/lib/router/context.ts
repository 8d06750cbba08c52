import type { RouteContext } from '../../../../src/lib/router';

/** A cloud that is configured, online and within budget, with a local model that fits: nothing gates. */
export const OPEN_CONTEXT: RouteContext = {
  mode: 'auto',
  cloudConfigured: true,
  online: true,
  budgetLeftUsd: 5,
  estimatedCostUsd: 0.001,
  localModelUsable: true,
  localContextTokens: 4096,
  promptTokens: 50,
  privateTerms: [],
  threshold: 0.5,
};
