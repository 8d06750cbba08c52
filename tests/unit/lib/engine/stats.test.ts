import { describe, expect, it } from 'vitest';
import { DecodeTimer } from '../../../../src/lib/engine/stats';

describe('DecodeTimer', () => {
  it('numbers tokens from 0 in arrival order', () => {
    const timer = new DecodeTimer(0);
    expect([timer.tokenArrived(5), timer.tokenArrived(6), timer.tokenArrived(7)]).toEqual([0, 1, 2]);
  });

  it('measures time to first token, prefill speed and decode speed without the first token', () => {
    // Started at 1000 ms; 50 prompt tokens; first token at 1250 ms, then one every 20 ms for 10 more tokens.
    const timer = new DecodeTimer(1000);
    timer.tokenArrived(1250);
    for (let i = 1; i <= 10; i++) timer.tokenArrived(1250 + i * 20);
    const stats = timer.stats(50, 1500);
    expect(stats).toEqual({
      promptTokens: 50,
      generatedTokens: 11,
      ttftMs: 250,
      prefillTokensPerS: 200, // 50 tokens in 0.25 s
      decodeTokensPerS: 50, // 10 tokens after the first in 0.2 s
      totalMs: 500,
    });
  });

  it('does not let a slow prefill lower the decode speed', () => {
    const fastPrefill = new DecodeTimer(0);
    const slowPrefill = new DecodeTimer(0);
    for (const [timer, first] of [
      [fastPrefill, 10],
      [slowPrefill, 5000],
    ] as const) {
      for (let i = 0; i < 5; i++) timer.tokenArrived(first + i * 10);
    }
    expect(fastPrefill.stats(1, 10_000).decodeTokensPerS).toBe(100);
    expect(slowPrefill.stats(1, 10_000).decodeTokensPerS).toBe(100);
  });

  it('reports zero tokens: time to first token is the whole run and no speeds', () => {
    const timer = new DecodeTimer(100);
    expect(timer.stats(20, 300)).toEqual({
      promptTokens: 20,
      generatedTokens: 0,
      ttftMs: 200,
      prefillTokensPerS: 100,
      decodeTokensPerS: 0,
      totalMs: 200,
    });
  });

  it('reports one token with a decode speed of 0 rather than infinity', () => {
    const timer = new DecodeTimer(0);
    timer.tokenArrived(40);
    const stats = timer.stats(8, 50);
    expect(stats.generatedTokens).toBe(1);
    expect(stats.ttftMs).toBe(40);
    expect(stats.prefillTokensPerS).toBe(200);
    expect(stats.decodeTokensPerS).toBe(0);
    expect(stats.totalMs).toBe(50);
  });

  it('never divides by zero when tokens arrive at the same instant', () => {
    const timer = new DecodeTimer(0);
    timer.tokenArrived(0);
    timer.tokenArrived(0);
    const stats = timer.stats(10, 0);
    expect(stats.ttftMs).toBe(0);
    expect(stats.prefillTokensPerS).toBe(0);
    expect(stats.decodeTokensPerS).toBe(0);
    expect(Object.values(stats).every(Number.isFinite)).toBe(true);
  });
});
