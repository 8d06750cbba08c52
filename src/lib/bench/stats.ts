/** A figure measured several times: its median and how far the runs spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Relative spread: (max − min) / median, 0 when the runs agree. */
  spread: number;
  n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Summarises repeated measurements. The first `warmup` values are dropped: a first run pays for shader
 * compilation and cold caches, which is what load time measures, not decode speed.
 */
export function summarize(values: readonly number[], warmup = 0): Summary {
  const kept = values.slice(warmup).filter((value) => Number.isFinite(value));
  if (kept.length === 0)
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spread: Number.NaN, n: 0 };
  const mid = median(kept);
  const min = Math.min(...kept);
  const max = Math.max(...kept);
  return { median: mid, min, max, spread: mid > 0 ? (max - min) / mid : 0, n: kept.length };
}
