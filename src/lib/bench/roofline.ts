/**
 * Decoding one token reads every weight once, so memory bandwidth sets a ceiling on decode speed:
 * tokens/s ≤ bandwidth ÷ bytes read per token. This is an estimate (it ignores the KV cache, caches and
 * compute limits) and is shown as one.
 */

/** Effective bandwidth of a copy benchmark: each copied byte is read once and written once. */
export function copyBandwidth(bytesPerCopy: number, copies: number, elapsedMs: number): number {
  if (elapsedMs <= 0 || bytesPerCopy <= 0 || copies <= 0) return Number.NaN;
  return (2 * bytesPerCopy * copies) / (elapsedMs / 1000);
}

/** The decode speed the bandwidth would allow if nothing else limited it. */
export function decodeCeiling(bandwidthBytesPerS: number, bytesPerToken: number): number {
  if (!(bandwidthBytesPerS > 0) || !(bytesPerToken > 0)) return Number.NaN;
  return bandwidthBytesPerS / bytesPerToken;
}

/** How much of that ceiling a measured decode speed reaches (0..1, more is possible for tiny models in cache). */
export function rooflineShare(
  decodeTokensPerS: number,
  bandwidthBytesPerS: number,
  bytesPerToken: number,
): number {
  const ceiling = decodeCeiling(bandwidthBytesPerS, bytesPerToken);
  return Number.isFinite(ceiling) && ceiling > 0 ? decodeTokensPerS / ceiling : Number.NaN;
}
