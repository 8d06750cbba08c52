import { describe, expect, it } from 'vitest';
import {
  budgetPriceFor,
  costUsd,
  DEFAULT_PRICES,
  priceFor,
  priceTable,
  UNKNOWN_MODEL_PRICE,
  type Price,
} from '../../../../src/lib/cloud';

describe('priceFor', () => {
  it('finds an exact id', () => {
    expect(priceFor('gpt-4o', DEFAULT_PRICES)).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(priceFor('gpt-4.1-mini', DEFAULT_PRICES)).toEqual({ inputPerMTokUsd: 0.4, outputPerMTokUsd: 1.6 });
  });

  it.each([
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai/gpt-4.1-mini', 'gpt-4.1-mini'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic/claude-3.5-sonnet', 'claude-3.5-sonnet'],
    ['meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', 'llama-3.1-70b-instruct'],
    ['GPT-4O-MINI', 'gpt-4o-mini'],
  ])('%s is priced as %s (the longest key it contains, any case)', (model, key) => {
    expect(priceFor(model, DEFAULT_PRICES)).toBe(DEFAULT_PRICES[key]);
  });

  it('returns null for unknown models, empty ids and prototype names', () => {
    expect(priceFor('mistral-large', DEFAULT_PRICES)).toBeNull();
    expect(priceFor('', DEFAULT_PRICES)).toBeNull();
    expect(priceFor('constructor', DEFAULT_PRICES)).toBeNull();
    expect(priceFor('toString', {})).toBeNull();
  });

  it('uses the table it is given (prices edited in Settings)', () => {
    const table: Record<string, Price> = { 'my-model': { inputPerMTokUsd: 1, outputPerMTokUsd: 2 } };
    expect(priceFor('team/my-model-v2', table)).toEqual({ inputPerMTokUsd: 1, outputPerMTokUsd: 2 });
    expect(priceFor('gpt-4o', table)).toBeNull();
  });

  it('has sane default prices: positive, output not cheaper than input', () => {
    for (const price of Object.values(DEFAULT_PRICES)) {
      expect(price.inputPerMTokUsd).toBeGreaterThan(0);
      expect(price.outputPerMTokUsd).toBeGreaterThanOrEqual(price.inputPerMTokUsd);
    }
  });
});

describe('costUsd', () => {
  it('prices input and output per million tokens', () => {
    const price: Price = { inputPerMTokUsd: 2.5, outputPerMTokUsd: 10 };
    expect(costUsd({ promptTokens: 1_000_000, completionTokens: 0 }, price)).toBe(2.5);
    expect(costUsd({ promptTokens: 0, completionTokens: 1_000_000 }, price)).toBe(10);
    expect(costUsd({ promptTokens: 1200, completionTokens: 300 }, price)).toBeCloseTo(0.006, 12);
    expect(costUsd({ promptTokens: 0, completionTokens: 0 }, price)).toBe(0);
  });

  it('gpt-4o-mini: 10k in, 2k out costs $0.0027', () => {
    const price = priceFor('gpt-4o-mini', DEFAULT_PRICES);
    expect(price).not.toBeNull();
    if (price)
      expect(costUsd({ promptTokens: 10_000, completionTokens: 2_000 }, price)).toBeCloseTo(0.0027, 12);
  });
});

describe("priceTable: the person's own prices", () => {
  it('wins over the built-in price of the same model', () => {
    const table = priceTable({ 'gpt-4o-mini': { inputPerMTokUsd: 1, outputPerMTokUsd: 2 } });
    expect(priceFor('gpt-4o-mini', table)).toEqual({ inputPerMTokUsd: 1, outputPerMTokUsd: 2 });
    expect(priceFor('gpt-4o', table)).toEqual(DEFAULT_PRICES['gpt-4o']);
  });
  it('prices a model the built-in table does not know, so the budget uses it instead of the cautious default', () => {
    const own = { 'my-gateway/qwen-72b': { inputPerMTokUsd: 0.4, outputPerMTokUsd: 0.4 } };
    expect(budgetPriceFor('my-gateway/qwen-72b')).toEqual(UNKNOWN_MODEL_PRICE);
    expect(budgetPriceFor('my-gateway/qwen-72b', priceTable(own))).toEqual(own['my-gateway/qwen-72b']);
  });
});
