// Merges the hand-written parts in data/router/parts/*.jsonl into data/router/prompts.jsonl and gives each
// prompt its split. The split comes from a hash of the prompt's text, so it never changes when prompts are
// added or reordered: a test prompt stays unseen by training for good. About one in four is held out.
// The hash is FNV-1a over the normalised text, the same function the classifier's features use.
//   npm run router:data
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledPrompts, type LabelledPrompt } from '../src/lib/router/dataset';
import { fnv1a } from '../src/lib/router/features';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const partsDir = join(root, 'data', 'router', 'parts');

const normalise = (prompt: string): string => prompt.trim().toLowerCase().replace(/\s+/g, ' ');
const seen = new Set<string>();
const rows: (LabelledPrompt & { source: string })[] = [];
for (const file of readdirSync(partsDir)
  .filter((name) => name.endsWith('.jsonl'))
  .sort()) {
  for (const row of parseLabelledPrompts(readFileSync(join(partsDir, file), 'utf8'))) {
    const key = normalise(row.prompt);
    if (seen.has(key)) throw new Error(`Duplicate prompt in ${file}: ${row.prompt.slice(0, 60)}…`);
    seen.add(key);
    const split = fnv1a(key) % 4 === 0 ? 'test' : 'train';
    rows.push({ prompt: row.prompt, label: row.label, split, source: file.replace(/\.jsonl$/, '') });
  }
}
writeFileSync(
  join(root, 'data', 'router', 'prompts.jsonl'),
  rows.map((row) => JSON.stringify(row)).join('\n') + '\n',
);
const count = (split: string, label?: string): number =>
  rows.filter((row) => row.split === split && (label === undefined || row.label === label)).length;
console.log(
  `${rows.length} prompts: train ${count('train')} (${count('train', 'cloud')} cloud), test ${count('test')} (${count('test', 'cloud')} cloud)`,
);
