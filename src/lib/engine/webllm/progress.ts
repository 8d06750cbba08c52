import type { LoadProgress } from '../types';
import type { WebLlmProgressReport } from './api';

const MB = 1 << 20;

/**
 * web-llm's progress is a sentence per finished shard ("Fetching param cache[3/20]: 120MB fetched. 15%
 * completed …"), then per loaded shard and per compiled shader. It becomes Hearth's download/initialise
 * phases, with the bytes read out of the sentence where it has them.
 */
export function toLoadProgress(report: WebLlmProgressReport): LoadProgress {
  const fraction = Number.isFinite(report.progress) ? Math.min(1, Math.max(0, report.progress)) : null;
  if (/^Fetching param cache/.test(report.text)) {
    const fetchedMb = Number(/(\d+(?:\.\d+)?)MB fetched/.exec(report.text)?.[1] ?? Number.NaN);
    const loadedBytes = Number.isFinite(fetchedMb) ? Math.round(fetchedMb * MB) : 0;
    const totalBytes = fraction && loadedBytes > 0 ? Math.round(loadedBytes / fraction) : 0;
    return { phase: 'download', fraction, loadedBytes, totalBytes };
  }
  return { phase: 'initialise', fraction, loadedBytes: 0, totalBytes: 0 };
}
