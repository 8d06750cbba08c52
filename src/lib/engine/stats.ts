import type { GenerationStats } from './types';

/**
 * Times one generation from its token arrivals. Time to first token includes prefill; decode speed counts
 * the tokens after the first over the time since the first, so prefill is never counted twice.
 */
export class DecodeTimer {
  #first: number | null = null;
  #last: number | null = null;
  #count = 0;

  constructor(readonly startedAt: number) {}

  /** Records one token; returns its 0-based index. */
  tokenArrived(at: number): number {
    this.#first ??= at;
    this.#last = at;
    return this.#count++;
  }

  stats(promptTokens: number, endedAt: number): GenerationStats {
    const ttftMs = this.#first === null ? endedAt - this.startedAt : this.#first - this.startedAt;
    const decodeMs = this.#first !== null && this.#last !== null ? this.#last - this.#first : 0;
    return {
      promptTokens,
      generatedTokens: this.#count,
      ttftMs,
      prefillTokensPerS: ttftMs > 0 ? (promptTokens / ttftMs) * 1000 : 0,
      decodeTokensPerS: this.#count > 1 && decodeMs > 0 ? ((this.#count - 1) / decodeMs) * 1000 : 0,
      totalMs: endedAt - this.startedAt,
    };
  }
}
