import type { CloudUsage } from './types';

/** US dollars per million tokens. */
export interface Price {
  inputPerMTokUsd: number;
  outputPerMTokUsd: number;
}

/**
 * List prices at the time of writing (2025), per million tokens; they change, and people can edit them in
 * Settings. Keys are matched inside longer ids (see priceFor), so one entry covers dated and routed
 * variants such as `gpt-4o-mini-2024-07-18` or `openai/gpt-4o-mini`. Open-weight models cost what their
 * host charges; the Llama price is a typical hosted one.
 */
export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-4o': { inputPerMTokUsd: 2.5, outputPerMTokUsd: 10 },
  'gpt-4o-mini': { inputPerMTokUsd: 0.15, outputPerMTokUsd: 0.6 },
  'gpt-4.1': { inputPerMTokUsd: 2, outputPerMTokUsd: 8 },
  'gpt-4.1-mini': { inputPerMTokUsd: 0.4, outputPerMTokUsd: 1.6 },
  'gpt-4.1-nano': { inputPerMTokUsd: 0.1, outputPerMTokUsd: 0.4 },
  'claude-3-5-sonnet': { inputPerMTokUsd: 3, outputPerMTokUsd: 15 },
  // OpenRouter writes the version with a dot.
  'claude-3.5-sonnet': { inputPerMTokUsd: 3, outputPerMTokUsd: 15 },
  'claude-3-5-haiku': { inputPerMTokUsd: 0.8, outputPerMTokUsd: 4 },
  'llama-3.1-70b-instruct': { inputPerMTokUsd: 0.88, outputPerMTokUsd: 0.88 },
  'llama-3.1-8b-instruct': { inputPerMTokUsd: 0.18, outputPerMTokUsd: 0.18 },
};

/**
 * The price of `model`: the exact id, else the longest key the id contains (so `openai/gpt-4o-mini` is
 * priced as `gpt-4o-mini`, not as `gpt-4o`), ignoring case. Null when nothing matches: the cost is unknown,
 * and callers must not pretend it is zero.
 */
export function priceFor(model: string, table: Record<string, Price> = DEFAULT_PRICES): Price | null {
  // hasOwn, not `in`: a model named "constructor" must not find Object.prototype.
  if (Object.hasOwn(table, model)) return table[model] ?? null;
  const id = model.trim().toLowerCase();
  if (id === '') return null;
  let best: { key: string; price: Price } | null = null;
  for (const [key, price] of Object.entries(table)) {
    const k = key.toLowerCase();
    if (k !== '' && id.includes(k) && (best === null || k.length > best.key.length)) best = { key: k, price };
  }
  return best?.price ?? null;
}

/** What a request cost, in US dollars. */
export function costUsd(usage: CloudUsage, price: Price): number {
  return (usage.promptTokens * price.inputPerMTokUsd + usage.completionTokens * price.outputPerMTokUsd) / 1e6;
}

/**
 * What a model missing from the table is charged against the budget: deliberately on the expensive side,
 * so an unknown model can never slip past the monthly hard stop.
 */
export const UNKNOWN_MODEL_PRICE: Price = { inputPerMTokUsd: 5, outputPerMTokUsd: 15 };

/** The price to budget with: the table's, else the conservative one. */
export function budgetPriceFor(model: string, table: Record<string, Price> = DEFAULT_PRICES): Price {
  return priceFor(model, table) ?? UNKNOWN_MODEL_PRICE;
}

/** Hearth's table with the person's own prices on top (theirs win, also over partial-name matches). */
export function priceTable(own: Record<string, Price>): Record<string, Price> {
  return { ...DEFAULT_PRICES, ...own };
}
