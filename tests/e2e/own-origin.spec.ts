import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = join(process.cwd(), 'dist');

/** Every file of the build a browser could run or read code from. */
function builtFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'models' ? [] : builtFiles(path);
    return ['.js', '.mjs', '.html', '.css', '.webmanifest'].includes(extname(name)) ? [path] : [];
  });
}

// An absolute URL of another origin where code is loaded: import, importScripts, workers, <script>,
// <link> (stylesheets, module preloads), CSS @import and url().
const ABSOLUTE = String.raw`["'\x60]?(?:https?:)?\/\/[^"'\x60\s)]+`;
const CODE_LOADS: readonly [string, RegExp][] = [
  ['import()', new RegExp(String.raw`\bimport\s*\(\s*${ABSOLUTE}`, 'g')],
  ['import … from', new RegExp(String.raw`\b(?:import|export)\b[^;()]*?\bfrom\s*${ABSOLUTE}`, 'g')],
  ['importScripts', new RegExp(String.raw`\bimportScripts\s*\(\s*${ABSOLUTE}`, 'g')],
  ['a worker', new RegExp(String.raw`\bnew\s+(?:Shared)?Worker\s*\(\s*${ABSOLUTE}`, 'g')],
  ['<script src>', new RegExp(String.raw`<script\b[^>]*\bsrc\s*=\s*${ABSOLUTE}`, 'gi')],
  ['<link href>', new RegExp(String.raw`<link\b[^>]*\bhref\s*=\s*${ABSOLUTE}`, 'gi')],
  ['CSS @import', new RegExp(String.raw`@import\s+(?:url\()?\s*${ABSOLUTE}`, 'gi')],
  ['CSS url()', new RegExp(String.raw`url\(\s*${ABSOLUTE}`, 'gi')],
];

test('no built file loads code, styles or fonts from another origin', () => {
  const files = builtFiles(DIST);
  expect(files.length).toBeGreaterThan(10);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [what, pattern] of CODE_LOADS)
      for (const match of text.matchAll(pattern))
        found.push(`${relative(DIST, file)}: ${what}: ${match[0].slice(0, 120)}`);
  }
  expect(found).toEqual([]);
});

test('the check itself finds a foreign import, worker and stylesheet', () => {
  const hostile = [
    'import("https://cdn.example.com/x.js")',
    'import { a } from "https://esm.sh/a"',
    'importScripts("//cdn.example.com/w.js")',
    "new Worker('https://evil.example/w.js')",
    '<script type="module" src="https://cdn.example.com/app.js"></script>',
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css2">',
    '@import url(https://fonts.googleapis.com/css2);',
    'src: url(https://fonts.gstatic.com/a.woff2)',
  ];
  for (const sample of hostile)
    expect(
      CODE_LOADS.some(([, pattern]) => new RegExp(pattern.source, pattern.flags).test(sample)),
      sample,
    ).toBe(true);
  // Same-origin loads are not flagged.
  for (const sample of [
    'import("./assets/a.js")',
    '<script type="module" src="/assets/main.js">',
    'url(/icons/a.png)',
  ])
    expect(
      CODE_LOADS.some(([, pattern]) => new RegExp(pattern.source, pattern.flags).test(sample)),
      sample,
    ).toBe(false);
});
