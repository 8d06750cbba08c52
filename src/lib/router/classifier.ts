import {
  DENSE_FEATURE_REASONS,
  DENSE_FEATURES,
  extractFeatures,
  HASH_BUCKETS,
  type DenseFeature,
} from './features';

/** The trained model, shipped as JSON (src/lib/router/weights.json, written by scripts/train-router.ts). */
export interface RouterWeights {
  version: 1;
  buckets: number;
  bias: number;
  /** Sparse hashed-feature weights as [bucket, weight] pairs. */
  hashed: [number, number][];
  dense: Record<DenseFeature, number>;
  /** The operating point chosen on the training folds. */
  threshold: number;
  /** Sorted scores of the training prompts, to tell people what share of messages a threshold sends out. */
  trainScores: number[];
  trainedOn: { prompts: number; cloudShare: number; cvAccuracy: number; cvAuc: number };
}

export interface DifficultyScore {
  /** Probability-like 0..1: how much this prompt needs a frontier model. */
  score: number;
  /** The named features that pushed the score up the most, in words. */
  drivers: string[];
}

export class DifficultyClassifier {
  readonly #hashed: Float32Array;

  constructor(readonly weights: RouterWeights) {
    if (weights.buckets !== HASH_BUCKETS) {
      throw new Error(
        `Router weights were trained with ${weights.buckets} buckets; this build uses ${HASH_BUCKETS}.`,
      );
    }
    this.#hashed = new Float32Array(HASH_BUCKETS);
    for (const [bucket, weight] of weights.hashed) this.#hashed[bucket] = weight;
  }

  score(prompt: string): DifficultyScore {
    const features = extractFeatures(prompt);
    let z = this.weights.bias;
    for (const [bucket, value] of features.hashed) z += (this.#hashed[bucket] ?? 0) * value;
    const contributions: [DenseFeature, number][] = [];
    for (const name of DENSE_FEATURES) {
      const contribution = this.weights.dense[name] * features.dense[name];
      z += contribution;
      contributions.push([name, contribution]);
    }
    const drivers = contributions
      .filter(([, value]) => value > 0.15)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([name]) => DENSE_FEATURE_REASONS[name]);
    return { score: 1 / (1 + Math.exp(-z)), drivers };
  }

  /** Share of the training prompts a threshold would send to the cloud: the expected cloud rate. */
  expectedCloudShare(threshold: number): number {
    const scores = this.weights.trainScores;
    if (scores.length === 0) return Number.NaN;
    return scores.filter((score) => score >= threshold).length / scores.length;
  }
}
