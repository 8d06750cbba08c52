import { describe, expect, it } from 'vitest';
import { median, summarize } from '../../../../src/lib/bench';

describe('median', () => {
  it('takes the middle value of an odd count, in any order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for no values rather than a made-up zero', () => {
    expect(median([])).toBeNaN();
  });
});

describe('summarize', () => {
  it('discards the warm-up runs before taking the median and spread', () => {
    // The first run paid for shader compilation: it must not pull the figures down.
    const summary = summarize([5, 40, 42, 38], 1);
    expect(summary.n).toBe(3);
    expect(summary.median).toBe(40);
    expect(summary.min).toBe(38);
    expect(summary.max).toBe(42);
    expect(summary.spread).toBeCloseTo(4 / 40);
  });
  it('reports zero spread when every run agrees', () => {
    expect(summarize([10, 10, 10]).spread).toBe(0);
  });
  it('ignores runs that produced no number and says when nothing is left', () => {
    expect(summarize([Number.NaN, 12, Number.POSITIVE_INFINITY]).median).toBe(12);
    expect(summarize([7], 1)).toMatchObject({ n: 0, median: Number.NaN });
  });
});
