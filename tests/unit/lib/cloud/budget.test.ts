import { describe, expect, it } from 'vitest';
import { canSpend, estimateCostUsd, monthKey, remainingBudget, type Price } from '../../../../src/lib/cloud';

describe('monthKey', () => {
  it('is YYYY-MM in local time, zero-padded', () => {
    expect(monthKey(new Date(2026, 10, 15))).toBe('2026-11');
    expect(monthKey(new Date(2026, 0, 1, 0, 0, 0))).toBe('2026-01');
    expect(monthKey(new Date(2025, 11, 31, 23, 59, 59))).toBe('2025-12');
  });
});

describe('remainingBudget', () => {
  it('is what is left, never negative', () => {
    expect(remainingBudget(10, 2.5)).toBe(7.5);
    expect(remainingBudget(10, 0)).toBe(10);
    expect(remainingBudget(10, 12)).toBe(0);
    expect(remainingBudget(0, 0)).toBe(0);
    expect(remainingBudget(Number.NaN, 0)).toBe(0);
    expect(remainingBudget(5, -1)).toBe(5);
  });
});

describe('canSpend', () => {
  it('a budget of 0 means no cloud at all', () => {
    expect(canSpend(0, 0)).toBe(false);
    expect(canSpend(-1, 0)).toBe(false);
  });

  it('a spent budget is a hard stop', () => {
    expect(canSpend(10, 10)).toBe(false);
    expect(canSpend(10, 10.01)).toBe(false);
    expect(canSpend(10, 9.99)).toBe(true);
    expect(canSpend(10, 0)).toBe(true);
  });

  it('with an estimate, the request must fit in what is left', () => {
    expect(canSpend(10, 9, 0.5)).toBe(true);
    expect(canSpend(10, 9, 1)).toBe(true);
    expect(canSpend(10, 9, 1.01)).toBe(false);
  });
});

describe('estimateCostUsd', () => {
  const price: Price = { inputPerMTokUsd: 1, outputPerMTokUsd: 4 };

  it('counts ~4 characters a token for the prompt and all of maxTokens for the answer', () => {
    // 4000 chars → 1000 tokens → $0.001; 500 output tokens → $0.002.
    expect(estimateCostUsd(4000, 500, price)).toBeCloseTo(0.003, 12);
  });

  it('rounds the prompt up to whole tokens, so it never underestimates a short prompt', () => {
    expect(estimateCostUsd(1, 0, price)).toBeCloseTo(1e-6, 15);
    expect(estimateCostUsd(0, 0, price)).toBe(0);
  });
});
