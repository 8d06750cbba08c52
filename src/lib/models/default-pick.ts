import { UNKNOWN_MEMORY_GB, type Judgement } from './capability';
import type { ModelEntry } from './types';

export interface JudgedModel {
  entry: ModelEntry;
  judgement: Judgement;
}

/**
 * The most parameters a default may have, by reported RAM. Phones prefill at about 15 tokens/s
 * (shared/notes/user-pains.md), so a bigger model than the phone needs makes every answer wait.
 */
export const DEFAULT_SIZE_CAPS: readonly { upToGB: number; maxParameters: number }[] = [
  { upToGB: 2, maxParameters: 600_000_000 },
  { upToGB: 4, maxParameters: 1_600_000_000 },
];

/**
 * The chat's default model for this device. The rules, in order:
 * 1. Only chat models count (never an embedding model), and the self-test only as the last resort.
 * 2. Among the real models that run well and are within the size cap for this much RAM (2 GB or less:
 *    0.6B parameters; 4 GB or less, or unknown: 1.6B; more: no cap), the largest, since bigger answers better;
 *    on a tie web-llm first (it decodes faster than transformers.js), then the one needing less GPU memory.
 * 3. Else, where real models can only run slowly (no WebGPU, a software GPU, tight memory), the smallest of
 *    them, since speed is what such a device lacks; on a tie the smaller download.
 * 4. Else the built-in self-test, which runs anywhere.
 */
export function defaultChatModel(judged: readonly JudgedModel[], memoryGB: number | undefined): ModelEntry {
  const real = judged.filter(({ entry }) => entry.task === 'chat' && !entry.builtIn);
  const cap = sizeCap(memoryGB ?? UNKNOWN_MEMORY_GB);

  const runsWell = real.filter(
    ({ entry, judgement }) => judgement.verdict === 'runs-well' && entry.parameters <= cap,
  );
  const best = [...runsWell].sort(
    (a, b) =>
      b.entry.parameters - a.entry.parameters ||
      Number(b.entry.engine === 'webllm') - Number(a.entry.engine === 'webllm') ||
      a.entry.vramMB - b.entry.vramMB,
  )[0];
  if (best) return best.entry;

  const possible = real.filter(({ judgement }) => judgement.verdict !== 'wont-fit');
  const smallest = [...possible].sort(
    (a, b) => a.entry.parameters - b.entry.parameters || a.entry.downloadBytes - b.entry.downloadBytes,
  )[0];
  if (smallest) return smallest.entry;

  const builtIn = judged.find(({ entry }) => entry.task === 'chat' && entry.builtIn);
  if (!builtIn) throw new Error('The catalog has no built-in chat model to fall back on.');
  return builtIn.entry;
}

function sizeCap(memoryGB: number): number {
  return DEFAULT_SIZE_CAPS.find((cap) => memoryGB <= cap.upToGB)?.maxParameters ?? Number.POSITIVE_INFINITY;
}
