import { DifficultyClassifier, type RouterWeights } from './classifier';
import { DENSE_FEATURES, denseRecord } from './features';

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks the shipped JSON where it enters, rather than trusting its shape. */
export function parseWeights(json: unknown): RouterWeights {
  const field = (name: string): unknown =>
    typeof json === 'object' && json !== null ? Reflect.get(json, name) : undefined;
  const hashed = field('hashed');
  const dense = field('dense');
  const trainScores = field('trainScores');
  const trainedOn = field('trainedOn');
  const bias = field('bias');
  const buckets = field('buckets');
  const threshold = field('threshold');
  if (field('version') !== 1 || !isNumber(bias) || !isNumber(buckets) || !isNumber(threshold)) {
    throw new Error('The router weights are not version 1 or lack bias, buckets or threshold.');
  }
  if (
    !Array.isArray(hashed) ||
    !hashed.every(
      (pair): pair is [number, number] => Array.isArray(pair) && isNumber(pair[0]) && isNumber(pair[1]),
    )
  ) {
    throw new Error('The router weights have malformed hashed weights.');
  }
  if (
    typeof dense !== 'object' ||
    dense === null ||
    !DENSE_FEATURES.every((name) => isNumber(Reflect.get(dense, name)))
  ) {
    throw new Error('The router weights lack a named feature weight.');
  }
  if (
    !Array.isArray(trainScores) ||
    !trainScores.every(isNumber) ||
    typeof trainedOn !== 'object' ||
    trainedOn === null
  ) {
    throw new Error('The router weights lack their training summary.');
  }
  const summary = (name: string): number => {
    const value: unknown = Reflect.get(trainedOn, name);
    return isNumber(value) ? value : Number.NaN;
  };
  return {
    version: 1,
    buckets,
    bias,
    hashed,
    dense: denseRecord((name) => Number(Reflect.get(dense, name))),
    threshold,
    trainScores,
    trainedOn: {
      prompts: summary('prompts'),
      cloudShare: summary('cloudShare'),
      cvAccuracy: summary('cvAccuracy'),
      cvAuc: summary('cvAuc'),
    },
  };
}

let classifier: Promise<DifficultyClassifier> | null = null;

/** The shipped classifier, loaded on first use so its weights stay out of the first page load. */
export function loadClassifier(): Promise<DifficultyClassifier> {
  classifier ??= import('./weights.json').then(
    (module) => new DifficultyClassifier(parseWeights(module.default)),
  );
  return classifier;
}
