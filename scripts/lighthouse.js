// `npm run bench:lighthouse [-- --runs N] [--no-build]`: Lighthouse (mobile preset, simulated throttling) on the
// production build served as `npm start` serves it; prints each category's score, the median over runs.
// Lighthouse is fetched by npx on first use (12.x: the last line that runs on Node 20), not a dependency.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './lib/browser.js';
import { APP_HEADERS } from './lib/security-headers.js';
import { createStaticServer } from './lib/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
  console.error('--runs must be a whole number from 1 to 20.');
  process.exit(2);
}
const chrome = ensureChromium();
if ('error' in chrome) {
  console.error(chrome.error);
  process.exit(1);
}
if (!args.includes('--no-build')) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The production build failed; run "npm run build" to see why.');
    process.exit(1);
  }
}

/**
 * @param {string} command @param {string[]} commandArgs @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number | null>}
 */
function runCommand(command, commandArgs, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

const server = createStaticServer({
  root: join(root, 'dist'),
  spaFallback: true,
  compress: true,
  headers: APP_HEADERS,
});
await new Promise((resolve) => server.listen(0, 'localhost', () => resolve(undefined)));
const address = server.address();
const url = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
const out = mkdtempSync(join(tmpdir(), 'hearth-lighthouse-'));
/** @type {Record<string, number[]>} */
const scores = {};
try {
  for (let run = 1; run <= runs; run++) {
    const report = join(out, `run-${run}.json`);
    // Asynchronous: the server answering Lighthouse runs in this very process.
    const status = await runCommand(
      'npx',
      [
        '--yes',
        'lighthouse@12.8.2',
        url,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ],
      { ...process.env, CHROME_PATH: chrome.path },
    );
    if (status !== 0) throw new Error(`Lighthouse failed (exit ${status}).`);
    /** @type {{ categories: Record<string, { score: number }> }} */
    const parsed = JSON.parse(readFileSync(report, 'utf8'));
    for (const [name, category] of Object.entries(parsed.categories))
      (scores[name] ??= []).push(category.score * 100);
    console.log(
      `run ${run}: ${Object.entries(parsed.categories)
        .map(([n, c]) => `${n} ${Math.round(c.score * 100)}`)
        .join(', ')}`,
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  server.close();
}
const median = (/** @type {number[]} */ values) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `\nLighthouse 12.8.2, mobile preset (simulated slow 4G, 4x CPU slowdown), ${runs} runs, medians, on ${url} (npm start's server: Brotli, the app's headers):`,
);
for (const [name, values] of Object.entries(scores))
  console.log(`  ${name.padEnd(16)} ${Math.round(median(values) ?? 0)}`);
