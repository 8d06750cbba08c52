/** Metrics for a binary router where `cloud` is the positive class; used by training and by router:eval. */

export interface Scored {
  score: number;
  /** The label: true when the prompt should go to the cloud. */
  cloud: boolean;
  /** The router's decision. */
  predictedCloud: boolean;
}

/** Area under the ROC curve (Mann–Whitney U), ties counted half. */
export function auc(items: readonly Pick<Scored, 'score' | 'cloud'>[]): number {
  const positives = items.filter((item) => item.cloud).length;
  const negatives = items.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]?.cloud) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Confusion {
  accuracy: number;
  cloudRate: number;
  precisionCloud: number;
  recallCloud: number;
}

export function confusion(items: readonly Scored[]): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const item of items) {
    if (item.predictedCloud && item.cloud) tp++;
    else if (item.predictedCloud) fp++;
    else if (item.cloud) fn++;
    else tn++;
  }
  const n = items.length || 1;
  return {
    accuracy: (tp + tn) / n,
    cloudRate: (tp + fp) / n,
    precisionCloud: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    recallCloud: tp + fn > 0 ? tp / (tp + fn) : Number.NaN,
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
