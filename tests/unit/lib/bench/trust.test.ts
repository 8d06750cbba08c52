import { describe, expect, it } from 'vitest';
import {
  abbaOrder,
  ratioInterval,
  ratioWarning,
  seededRandom,
  tokensForDuration,
} from '../../../../src/lib/bench/trust';

describe('abbaOrder', () => {
  it('runs app-raw, raw-app, raw-app, app-raw, and repeats', () => {
    expect(Array.from({ length: 8 }, (_, round) => abbaOrder(round).join('-'))).toEqual([
      'app-raw',
      'raw-app',
      'raw-app',
      'app-raw',
      'app-raw',
      'raw-app',
      'raw-app',
      'app-raw',
    ]);
  });

  it('cancels a linear drift: over four rounds both sides get the same mean slot time', () => {
    // Slot k of the session (two per round) runs with a speed penalty of k %.
    const slots: Record<string, number[]> = { app: [], raw: [] };
    for (let round = 0; round < 4; round++)
      abbaOrder(round).forEach((side, position) => slots[side]?.push(round * 2 + position));
    const mean = (values: number[] = []) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(slots.app)).toBe(mean(slots.raw));
    // Plain alternation (app first every round) would not.
    expect(mean([0, 2, 4, 6])).not.toBe(mean([1, 3, 5, 7]));
  });
});

describe('tokensForDuration', () => {
  it('picks enough tokens for about two seconds of decode, within bounds and the context', () => {
    expect(tokensForDuration(850, 4000)).toBe(1700);
    expect(tokensForDuration(43, 4000)).toBe(86);
    expect(tokensForDuration(5, 4000)).toBe(32); // at least the minimum
    expect(tokensForDuration(5000, 4000)).toBe(2048); // at most the maximum
    expect(tokensForDuration(850, 300)).toBe(300); // what the context leaves
    expect(tokensForDuration(Number.NaN, 4000)).toBe(32);
    expect(tokensForDuration(850, 10, { targetMs: 1000, minTokens: 32, maxTokens: 64 })).toBe(10);
  });
});

describe('ratioInterval', () => {
  it('gives the ratio of medians and a tight interval when the rounds agree', () => {
    const app = [99, 100, 101, 100, 99, 101, 100, 100];
    const raw = [100, 101, 100, 99, 100, 101, 100, 100];
    const interval = ratioInterval(app, raw);
    expect(interval.ratio).toBeCloseTo(1, 5);
    expect(interval.low).toBeLessThanOrEqual(interval.ratio);
    expect(interval.high).toBeGreaterThanOrEqual(interval.ratio);
    expect(interval.relativeHalfWidth).toBeLessThan(0.03);
    expect(ratioWarning(interval)).toBeNull();
  });

  it('gives a wide interval and a warning when the rounds scatter', () => {
    const random = seededRandom(1);
    const app = Array.from({ length: 6 }, () => 100 * (0.7 + 0.6 * random()));
    const raw = Array.from({ length: 6 }, () => 100 * (0.7 + 0.6 * random()));
    const interval = ratioInterval(app, raw);
    expect(interval.relativeHalfWidth).toBeGreaterThan(0.03);
    expect(ratioWarning(interval)).toMatch(/wider than ±3 %.*--runs/);
  });

  it('covers the true ratio in about 95 % of simulated sessions', () => {
    const random = seededRandom(42);
    const noise = () => 1 + (random() - 0.5) * 0.2;
    let covered = 0;
    const sessions = 200;
    for (let s = 0; s < sessions; s++) {
      const app = Array.from({ length: 9 }, () => 95 * noise());
      const raw = Array.from({ length: 9 }, () => 100 * noise());
      const { low, high } = ratioInterval(app, raw, 500, seededRandom(s));
      if (low <= 0.95 && 0.95 <= high) covered++;
    }
    // Percentile bootstraps of medians undercover a little with 9 rounds; far below would be a bug.
    expect(covered / sessions).toBeGreaterThan(0.85);
  });

  it('is the same for the same timings, and says when one round cannot give an interval', () => {
    expect(ratioInterval([90, 95, 92], [100, 99, 101])).toEqual(ratioInterval([90, 95, 92], [100, 99, 101]));
    const single = ratioInterval([90], [100]);
    expect(single.ratio).toBeCloseTo(0.9);
    expect(ratioWarning(single)).toMatch(/Only one round/);
  });
});
