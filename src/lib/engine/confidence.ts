/**
 * How sure the model was of its first tokens: the mean entropy of the next-token distribution and the
 * mean log-probability of the most likely token. A model that hedges from the start (high entropy, low
 * top probability) is a candidate for asking the cloud model instead (the router's cascade).
 */
export interface GenerationConfidence {
  /** Tokens observed (the first few of the answer). */
  tokens: number;
  /** Mean entropy of the next-token distribution, in nats. */
  meanEntropy: number;
  /** `meanEntropy ÷ ln(vocabulary size)`: 0 = certain, 1 = uniform; comparable across vocabularies. */
  normalizedEntropy: number;
  /** Mean natural-log probability of the most likely next token (≤ 0; near 0 = confident). */
  meanTopLogprob: number;
}

/** The first tokens say the most about whether the model knows the answer; later ones cost time to score. */
export const CONFIDENCE_TOKENS = 16;

export class ConfidenceMeter {
  #tokens = 0;
  #entropy = 0;
  #topLogprob = 0;
  #vocabulary = 0;

  constructor(
    /** Logits arrive divided by the sampling temperature; multiplying back scores the model, not the sampler. */
    private readonly temperature = 1,
    private readonly limit = CONFIDENCE_TOKENS,
  ) {}

  get wantsMore(): boolean {
    return this.#tokens < this.limit;
  }

  /** Scores one step's logits (one row, the vocabulary long). */
  observe(logits: ArrayLike<number>, length = logits.length): void {
    if (!this.wantsMore || length < 2) return;
    const scale = this.temperature > 0 ? this.temperature : 1;
    let max = -Infinity;
    for (let i = 0; i < length; i++) {
      const value = (logits[i] ?? -Infinity) * scale;
      if (value > max) max = value;
    }
    if (!Number.isFinite(max)) return;
    // One pass for log-sum-exp and Σ p·z: entropy = logZ − Σ p·z (with z shifted by max).
    let sum = 0;
    let weighted = 0;
    for (let i = 0; i < length; i++) {
      const shifted = (logits[i] ?? -Infinity) * scale - max;
      if (shifted === -Infinity) continue;
      const e = Math.exp(shifted);
      sum += e;
      weighted += e * shifted;
    }
    const logZ = Math.log(sum);
    this.#entropy += Math.max(0, logZ - weighted / sum);
    this.#topLogprob += -logZ;
    this.#vocabulary = length;
    this.#tokens++;
  }

  summary(): GenerationConfidence | null {
    if (this.#tokens === 0) return null;
    const meanEntropy = this.#entropy / this.#tokens;
    return {
      tokens: this.#tokens,
      meanEntropy,
      normalizedEntropy: this.#vocabulary > 1 ? meanEntropy / Math.log(this.#vocabulary) : 0,
      meanTopLogprob: this.#topLogprob / this.#tokens,
    };
  }
}

/** Below this the answer is flagged as unsure; see `isUnsure`. */
export interface ConfidencePolicy {
  /** Flag when the normalized entropy of the first tokens is above this. */
  maxNormalizedEntropy: number;
  /** Or when the most likely token's mean probability is below this (as a log-probability). */
  minMeanTopLogprob: number;
}

/**
 * Defaults chosen from first principles, not fitted: a normalized entropy of 0.35 over a 32k–150k vocabulary
 * is ~3.6–4.2 nats (dozens of plausible next tokens on average), and a mean top-token probability under
 * e^-1.6 ≈ 0.2 means the model's best guess was usually a long shot. Calibrating per model awaits real
 * models in the evaluation work; both are settings of the router, not constants of the engine.
 */
export const DEFAULT_CONFIDENCE_POLICY: ConfidencePolicy = {
  maxNormalizedEntropy: 0.35,
  minMeanTopLogprob: -1.6,
};

export function isUnsure(
  confidence: GenerationConfidence,
  policy: ConfidencePolicy = DEFAULT_CONFIDENCE_POLICY,
): boolean {
  return (
    confidence.normalizedEntropy > policy.maxNormalizedEntropy ||
    confidence.meanTopLogprob < policy.minMeanTopLogprob
  );
}
