// Trains the router's difficulty classifier on the TRAIN split of data/router/prompts.jsonl and writes
// src/lib/router/weights.json. The test split is never read here. Deterministic: same data, same weights.
//   npm run router:train
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './lib/random.js';
import type { RouterWeights } from '../src/lib/router/classifier';
import { parseLabelledPrompts } from '../src/lib/router/dataset';
import {
  DENSE_FEATURES,
  denseRecord,
  extractFeatures,
  HASH_BUCKETS,
  type PromptFeatures,
} from '../src/lib/router/features';
import { auc, confusion } from '../src/lib/router/metrics';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Example {
  features: PromptFeatures;
  cloud: boolean;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

interface Model {
  bias: number;
  hashed: Float64Array;
  dense: Float64Array;
}

function predict(model: Model, features: PromptFeatures): number {
  let z = model.bias;
  for (const [bucket, value] of features.hashed) z += (model.hashed[bucket] ?? 0) * value;
  DENSE_FEATURES.forEach((name, index) => (z += (model.dense[index] ?? 0) * features.dense[name]));
  return 1 / (1 + Math.exp(-z));
}

/** Logistic regression by AdaGrad with L2, in a seeded order. */
function train(examples: readonly Example[], l2: number, epochs = 40, seed = 7): Model {
  const model: Model = {
    bias: 0,
    hashed: new Float64Array(HASH_BUCKETS),
    dense: new Float64Array(DENSE_FEATURES.length),
  };
  const gHashed = new Float64Array(HASH_BUCKETS).fill(1e-8);
  const gDense = new Float64Array(DENSE_FEATURES.length).fill(1e-8);
  let gBias = 1e-8;
  const rate = 0.5;
  const random = mulberry32(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const example of shuffled(examples, random)) {
      const error = predict(model, example.features) - (example.cloud ? 1 : 0);
      for (const [bucket, value] of example.features.hashed) {
        const weight = model.hashed[bucket] ?? 0;
        const gradient = error * value + l2 * weight;
        gHashed[bucket] = (gHashed[bucket] ?? 0) + gradient * gradient;
        model.hashed[bucket] = weight - (rate * gradient) / Math.sqrt(gHashed[bucket] ?? 1);
      }
      DENSE_FEATURES.forEach((name, index) => {
        const weight = model.dense[index] ?? 0;
        const gradient = error * example.features.dense[name] + l2 * weight;
        gDense[index] = (gDense[index] ?? 0) + gradient * gradient;
        model.dense[index] = weight - (rate * gradient) / Math.sqrt(gDense[index] ?? 1);
      });
      gBias += error * error;
      model.bias -= (rate * error) / Math.sqrt(gBias);
    }
  }
  return model;
}

/** Out-of-fold scores from k-fold cross-validation on the training split only. */
function crossValidate(examples: readonly Example[], l2: number, folds = 5): number[] {
  const scores = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < folds; fold++) {
    const trainSet = examples.filter((_, index) => index % folds !== fold);
    const model = train(trainSet, l2);
    examples.forEach((example, index) => {
      if (index % folds === fold) scores[index] = predict(model, example.features);
    });
  }
  return scores;
}

function bestThreshold(
  scores: readonly number[],
  labels: readonly boolean[],
): { threshold: number; accuracy: number } {
  let best = { threshold: 0.5, accuracy: 0 };
  for (let t = 0.2; t <= 0.8001; t += 0.01) {
    const items = scores.map((score, i) => ({
      score,
      cloud: labels[i] ?? false,
      predictedCloud: score >= t,
    }));
    const { accuracy } = confusion(items);
    // Ties go to the threshold nearer 0.5: the least tuned operating point.
    if (
      accuracy > best.accuracy + 1e-9 ||
      (Math.abs(accuracy - best.accuracy) < 1e-9 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5))
    ) {
      best = { threshold: Math.round(t * 100) / 100, accuracy };
    }
  }
  return best;
}

const dataText = readFileSync(join(root, 'data', 'router', 'prompts.jsonl'), 'utf8');
const rows = parseLabelledPrompts(dataText);

if (process.argv.includes('--domain-check')) {
  domainCheck();
  process.exit(0);
}

/**
 * How well the recipe generalises to a kind of prompt it has never seen: train on the train split of all
 * but one source file (code, math, writing, everyday) and score every prompt of the one left out.
 */
function domainCheck(): void {
  const sources = dataText
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line))
    .map((value) => {
      const source: unknown =
        typeof value === 'object' && value !== null ? Reflect.get(value, 'source') : undefined;
      return typeof source === 'string' ? source : 'unknown';
    });
  for (const heldOut of [...new Set(sources)].sort()) {
    const trainSet = rows
      .filter((row, i) => row.split === 'train' && sources[i] !== heldOut)
      .map((row) => ({ features: extractFeatures(row.prompt), cloud: row.label === 'cloud' }));
    const model = train(shuffled(trainSet, mulberry32(11)), 1e-3);
    const scored = rows
      .filter((_, i) => sources[i] === heldOut)
      .map((row) => ({ score: predict(model, extractFeatures(row.prompt)), cloud: row.label === 'cloud' }));
    const { accuracy } = confusion(scored.map((item) => ({ ...item, predictedCloud: item.score >= 0.5 })));
    console.log(
      `held out ${heldOut}: ${scored.length} prompts, accuracy ${accuracy.toFixed(3)} at 0.5, AUC ${auc(scored).toFixed(3)}`,
    );
  }
}
const trainRows = shuffled(
  rows.filter((row) => row.split === 'train'),
  mulberry32(11),
);
const examples: Example[] = trainRows.map((row) => ({
  features: extractFeatures(row.prompt),
  cloud: row.label === 'cloud',
}));
const labels = examples.map((example) => example.cloud);

let chosen = { l2: 0, threshold: 0.5, accuracy: 0, auc: 0, scores: [] as number[] };
for (const l2 of [1e-5, 1e-4, 1e-3, 3e-3]) {
  const scores = crossValidate(examples, l2);
  const { threshold, accuracy } = bestThreshold(scores, labels);
  const area = auc(scores.map((score, i) => ({ score, cloud: labels[i] ?? false })));
  console.log(
    `l2=${l2}: cross-validated accuracy ${accuracy.toFixed(3)} at threshold ${threshold}, AUC ${area.toFixed(3)}`,
  );
  if (area + accuracy > chosen.auc + chosen.accuracy) chosen = { l2, threshold, accuracy, auc: area, scores };
}

const model = train(examples, chosen.l2);
const weights: RouterWeights = {
  version: 1,
  buckets: HASH_BUCKETS,
  bias: Number(model.bias.toFixed(5)),
  hashed: [...model.hashed.entries()]
    .filter(([, w]) => Math.abs(w) >= 5e-4)
    .map(([bucket, w]) => [bucket, Number(w.toFixed(4))]),
  dense: denseRecord((name) => Number((model.dense[DENSE_FEATURES.indexOf(name)] ?? 0).toFixed(5))),
  threshold: chosen.threshold,
  trainScores: [...chosen.scores].sort((a, b) => a - b).map((score) => Number(score.toFixed(3))),
  trainedOn: {
    prompts: examples.length,
    cloudShare: Number((labels.filter(Boolean).length / labels.length).toFixed(3)),
    cvAccuracy: Number(chosen.accuracy.toFixed(3)),
    cvAuc: Number(chosen.auc.toFixed(3)),
  },
};
writeFileSync(join(root, 'src', 'lib', 'router', 'weights.json'), `${JSON.stringify(weights)}\n`);
console.log(
  `Trained on ${examples.length} prompts (l2 ${chosen.l2}); ${weights.hashed.length} non-zero hashed weights; threshold ${weights.threshold}; wrote src/lib/router/weights.json`,
);
