/**
 * The semantic half of the difficulty score: k nearest labelled exemplars by cosine similarity of sentence
 * embeddings (computed on the device by a cached embedding model). It catches hard prompts whose wording
 * the n-gram classifier has never seen but whose meaning is close to a known hard one.
 * route() blends the vote in through RouteContext.semantic. The app has no embedding model to cache yet
 * (that comes with the model catalog), so today the classifier decides alone.
 */
export interface Exemplar {
  /** Unit-length embedding. */
  vector: Float32Array;
  cloud: boolean;
}

export interface SemanticVote {
  /** 0..1: similarity-weighted share of the nearest exemplars labelled cloud. */
  score: number;
  /** Cosine similarity of the nearest exemplar: how much the vote can be trusted. */
  nearest: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export function normalise(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, vector));
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}

/** The k most similar exemplars vote, weighted by similarity (only positive similarities count). */
export function nearestVote(query: Float32Array, exemplars: readonly Exemplar[], k = 7): SemanticVote | null {
  if (exemplars.length === 0) return null;
  const unit = normalise(query);
  const scored = exemplars.map((exemplar) => ({
    similarity: dot(unit, exemplar.vector),
    cloud: exemplar.cloud,
  }));
  scored.sort((a, b) => b.similarity - a.similarity);
  const top = scored.slice(0, k);
  let cloud = 0;
  let total = 0;
  for (const { similarity, cloud: isCloud } of top) {
    const weight = Math.max(0, similarity);
    total += weight;
    if (isCloud) cloud += weight;
  }
  return { score: total > 0 ? cloud / total : 0.5, nearest: top[0]?.similarity ?? 0 };
}

/**
 * Blends the classifier's score with the semantic vote. The vote's weight grows with how close the nearest
 * exemplar is, so a prompt unlike anything labelled falls back to the classifier alone.
 */
export function blendScores(classifierScore: number, vote: SemanticVote | null, maxWeight = 0.4): number {
  if (!vote) return classifierScore;
  const weight = maxWeight * Math.min(1, Math.max(0, vote.nearest));
  return (1 - weight) * classifierScore + weight * vote.score;
}
