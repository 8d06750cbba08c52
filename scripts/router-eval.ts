// `npm run router:eval -- --data FILE.jsonl [--json FILE] [--split train|test]`
// Runs the router exactly as the app does with default settings, a cloud endpoint configured, online and no
// manual override, over labelled prompts ({"prompt": "...", "label": "local" | "cloud"} per line).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { budgetPriceFor, estimateCostUsd } from '../src/lib/cloud';
import { SELF_TEST_MODEL } from '../src/lib/models';
import {
  auc,
  confusion,
  DifficultyClassifier,
  parseLabelledPrompts,
  parseWeights,
  percentile,
  route,
  type LabelledPrompt,
  type RouteContext,
} from '../src/lib/router';
import { DEFAULT_SETTINGS } from '../src/lib/settings';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(sentence: string): never {
  console.error(sentence);
  process.exit(2);
}

function parseArgs(argv: string[]): { data: string; json: string; split: string } {
  const options = { data: '', json: '', split: '' };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i] ?? '';
    const value = argv[i + 1];
    if (name === '--help' || name === '-h') {
      console.log('Usage: npm run router:eval -- --data FILE.jsonl [--json FILE] [--split train|test]');
      process.exit(0);
    }
    if (name !== '--data' && name !== '--json' && name !== '--split') {
      fail(`Unknown option ${name}; use --data FILE.jsonl [--json FILE] [--split train|test].`);
    }
    if (value === undefined || value.startsWith('--')) fail(`Option ${name} needs a value.`);
    if (name === '--data') options.data = value;
    else if (name === '--json') options.json = value;
    else if (value === 'train' || value === 'test') options.split = value;
    else fail('--split must be train or test.');
    i++;
  }
  if (!options.data) fail('--data FILE.jsonl is required.');
  return options;
}

const options = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = readFileSync(resolve(process.cwd(), options.data), 'utf8');
} catch {
  fail(`Cannot read ${options.data}.`);
}
let rows: LabelledPrompt[];
try {
  rows = parseLabelledPrompts(text);
} catch (error) {
  fail(`${options.data}: ${error instanceof Error ? error.message : String(error)}`);
}
// Rows without a split belong to every split: a file of unseen prompts is evaluated whole.
if (options.split) rows = rows.filter((row) => row.split === undefined || row.split === options.split);
if (rows.length === 0)
  fail(`${options.data} holds no prompts${options.split ? ` in the ${options.split} split` : ''}.`);

const classifier = new DifficultyClassifier(
  parseWeights(JSON.parse(readFileSync(join(root, 'src', 'lib', 'router', 'weights.json'), 'utf8'))),
);
// The app's defaults, with a cloud endpoint configured and nothing spent yet this month.
const settings = {
  ...DEFAULT_SETTINGS,
  cloudEndpointUrl: 'https://cloud.example/v1',
  cloudModel: 'gpt-4o-mini',
};
const price = budgetPriceFor(settings.cloudModel);

const results = rows.map((row) => {
  const started = performance.now();
  const context: RouteContext = {
    mode: settings.routingMode,
    cloudConfigured: settings.cloudEndpointUrl !== '',
    online: true,
    budgetLeftUsd: settings.monthlyCloudBudgetUsd,
    estimatedCostUsd: estimateCostUsd(row.prompt.length, 512, price),
    localModelUsable: true,
    localContextTokens: SELF_TEST_MODEL.contextWindow,
    promptTokens: Math.ceil(row.prompt.length / 3),
    privateTerms: settings.privateTerms,
    threshold: settings.routerThreshold ?? classifier.weights.threshold,
  };
  const decision = route(row.prompt, context, classifier);
  const ms = performance.now() - started;
  const predictedCloud = decision.target === 'cloud';
  return {
    cloud: row.label === 'cloud',
    predictedCloud,
    score: decision.score ?? (predictedCloud ? 1 : 0),
    ms,
  };
});

const summary = confusion(results);
const times = results.map((r) => r.ms);
const report = {
  n: results.length,
  accuracy: summary.accuracy,
  auc: auc(results),
  cloud_rate: summary.cloudRate,
  precision_cloud: summary.precisionCloud,
  recall_cloud: summary.recallCloud,
  mean_decision_ms: times.reduce((a, b) => a + b, 0) / times.length,
  p95_decision_ms: percentile(times, 95),
};

const f = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
console.log(
  `Router evaluation on ${options.data} (${report.n} prompts; default settings, cloud configured, online)`,
);
console.log(`accuracy           ${f(report.accuracy)}`);
console.log(`AUC                ${f(report.auc)}`);
console.log(`cloud rate         ${f(report.cloud_rate)}`);
console.log(`precision (cloud)  ${f(report.precision_cloud)}`);
console.log(`recall (cloud)     ${f(report.recall_cloud)}`);
console.log(
  `decision ms        mean ${f(report.mean_decision_ms, 3)}, p95 ${f(report.p95_decision_ms, 3)} (Node ${process.version}, this machine)`,
);
if (options.json) {
  writeFileSync(resolve(process.cwd(), options.json), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`JSON written to ${options.json}`);
}
