/**
 * What makes the overhead ratio trustworthy at the benchmark's defaults: runs long enough to time, an order
 * that cancels drift, and an interval that says how sure the figure is.
 */
// Plain JS shared with the fixture generator and the router's trainer; it runs in the browser as it is.
import { mulberry32 } from '../../../scripts/lib/random.js';
import { median } from './stats';

export type Side = 'app' | 'raw';

/**
 * The order of round `round` (0-based): app-raw, raw-app, raw-app, app-raw, … (ABBA). A linear drift (a
 * warming CPU, a throttling GPU) then costs both sides alike over every four rounds, and a cost that falls on
 * whichever side runs second (a cache the first one warmed) is paid by each side half of the time.
 */
export function abbaOrder(round: number): readonly [Side, Side] {
  return round % 4 === 0 || round % 4 === 3 ? ['app', 'raw'] : ['raw', 'app'];
}

export interface DecodeCalibration {
  /** How long each timed decode should last. */
  targetMs: number;
  /** Bounds for the token count: too few and the timer's resolution dominates, too many and a run drags. */
  minTokens: number;
  maxTokens: number;
}

export const DEFAULT_CALIBRATION: DecodeCalibration = { targetMs: 2_000, minTokens: 32, maxTokens: 2_048 };

/**
 * How many new tokens make a decode last about `targetMs` at the speed a calibration run measured, within
 * the bounds and what the context leaves after the prompt.
 */
export function tokensForDuration(
  decodeTokensPerS: number,
  room: number,
  calibration: DecodeCalibration = DEFAULT_CALIBRATION,
): number {
  const upper = Math.max(2, Math.min(calibration.maxTokens, room));
  if (!Number.isFinite(decodeTokensPerS) || decodeTokensPerS <= 0)
    return Math.min(calibration.minTokens, upper);
  const wanted = Math.ceil((decodeTokensPerS * calibration.targetMs) / 1000);
  return Math.max(Math.min(calibration.minTokens, upper), Math.min(upper, wanted));
}

/** A deterministic generator, so the same timings always give the same interval (the one the fixtures use). */
export const seededRandom: (seed: number) => () => number = mulberry32;

export interface RatioInterval {
  ratio: number;
  /** 95 % percentile bootstrap interval of the ratio. */
  low: number;
  high: number;
  /** The interval's half-width relative to the ratio (0.03 = ±3 %). */
  relativeHalfWidth: number;
}

/**
 * median(app) / median(raw), with a 95 % bootstrap interval that resamples whole rounds (each round's app
 * and raw figures stay together: they ran side by side, under the same conditions).
 */
export function ratioInterval(
  app: readonly number[],
  raw: readonly number[],
  resamples = 2_000,
  random: () => number = seededRandom(0x5eed),
): RatioInterval {
  const pairs = app
    .map((value, index) => [value, raw[index] ?? Number.NaN] as const)
    .filter(([a, r]) => Number.isFinite(a) && Number.isFinite(r) && r > 0);
  const ratio = median(pairs.map(([a]) => a)) / median(pairs.map(([, r]) => r));
  if (pairs.length < 2) return { ratio, low: Number.NaN, high: Number.NaN, relativeHalfWidth: Number.NaN };
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const picked = Array.from(
      { length: pairs.length },
      () => pairs[Math.floor(random() * pairs.length)] ?? pairs[0],
    );
    ratios.push(
      median(picked.map((p) => p?.[0] ?? Number.NaN)) / median(picked.map((p) => p?.[1] ?? Number.NaN)),
    );
  }
  ratios.sort((a, b) => a - b);
  const low = ratios[Math.floor(0.025 * (resamples - 1))] ?? Number.NaN;
  const high = ratios[Math.ceil(0.975 * (resamples - 1))] ?? Number.NaN;
  return { ratio, low, high, relativeHalfWidth: (high - low) / 2 / ratio };
}

/** The warning the record carries when the interval is wider than ±3 %, else null. */
export function ratioWarning(interval: RatioInterval, limit = 0.03): string | null {
  if (!Number.isFinite(interval.relativeHalfWidth))
    return 'Only one round: the ratio has no interval. Use --runs 5 or more.';
  if (interval.relativeHalfWidth <= limit) return null;
  return `The ratio's 95 % interval is ±${(interval.relativeHalfWidth * 100).toFixed(1)} %, wider than ±${(limit * 100).toFixed(0)} %: the device was busy or the runs too short. Use more --runs, or close other work.`;
}
