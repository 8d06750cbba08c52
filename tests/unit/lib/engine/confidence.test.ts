import { describe, expect, it } from 'vitest';
import { ConfidenceMeter, DEFAULT_CONFIDENCE_POLICY, isUnsure } from '../../../../src/lib/engine/confidence';

describe('ConfidenceMeter', () => {
  it('scores a uniform distribution as maximal entropy and a long-shot top token', () => {
    const meter = new ConfidenceMeter();
    meter.observe(new Float32Array(100).fill(3));
    const summary = meter.summary();
    expect(summary?.meanEntropy).toBeCloseTo(Math.log(100), 5);
    expect(summary?.normalizedEntropy).toBeCloseTo(1, 5);
    expect(summary?.meanTopLogprob).toBeCloseTo(-Math.log(100), 5);
    expect(summary && isUnsure(summary)).toBe(true);
  });

  it('scores a peaked distribution as near-certain', () => {
    const logits = new Float32Array(1000).fill(0);
    logits[7] = 30;
    const meter = new ConfidenceMeter();
    meter.observe(logits);
    const summary = meter.summary();
    expect(summary?.normalizedEntropy).toBeLessThan(0.001);
    expect(summary?.meanTopLogprob).toBeGreaterThan(-0.001);
    expect(summary && isUnsure(summary)).toBe(false);
  });

  it('undoes the sampling temperature so the model is scored, not the sampler', () => {
    const logits = [2, 1, 0, -1];
    const plain = new ConfidenceMeter();
    plain.observe(logits);
    const hot = new ConfidenceMeter(2);
    hot.observe(logits.map((z) => z / 2));
    expect(hot.summary()?.meanEntropy).toBeCloseTo(plain.summary()?.meanEntropy ?? NaN, 6);
  });

  it('averages over the first tokens only and ignores masked (-Infinity) entries', () => {
    const meter = new ConfidenceMeter(1, 2);
    meter.observe([0, 0, -Infinity, -Infinity]);
    meter.observe([0, 0, 0, 0]);
    meter.observe([100, 0, 0, 0]);
    const summary = meter.summary();
    expect(summary?.tokens).toBe(2);
    expect(summary?.meanEntropy).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 6);
    expect(meter.wantsMore).toBe(false);
  });

  it('reports nothing before any token and honours the policy bounds', () => {
    expect(new ConfidenceMeter().summary()).toBeNull();
    const sure = { tokens: 16, meanEntropy: 1, normalizedEntropy: 0.1, meanTopLogprob: -0.3 };
    expect(isUnsure(sure)).toBe(false);
    expect(
      isUnsure({ ...sure, normalizedEntropy: DEFAULT_CONFIDENCE_POLICY.maxNormalizedEntropy + 0.01 }),
    ).toBe(true);
    expect(isUnsure({ ...sure, meanTopLogprob: DEFAULT_CONFIDENCE_POLICY.minMeanTopLogprob - 0.01 })).toBe(
      true,
    );
  });
});
