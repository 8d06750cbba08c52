import { describe, expect, it } from 'vitest';
import { DifficultyClassifier, route } from '../../../../src/lib/router';
import { denseRecord, HASH_BUCKETS } from '../../../../src/lib/router/features';
import { blendScores, nearestVote, normalise, type Exemplar } from '../../../../src/lib/router/semantic';
import { OPEN_CONTEXT } from './context';

const unit = (...values: number[]): Float32Array => normalise(Float32Array.from(values));
const exemplars: Exemplar[] = [
  { vector: unit(1, 0, 0), cloud: true },
  { vector: unit(0.9, 0.1, 0), cloud: true },
  { vector: unit(0, 1, 0), cloud: false },
  { vector: unit(0, 0.9, 0.1), cloud: false },
  { vector: unit(0, 0, 1), cloud: false },
];

describe('nearestVote', () => {
  it('takes the label of the nearest exemplars, weighted by similarity', () => {
    expect(nearestVote(Float32Array.from([2, 0.1, 0]), exemplars, 2)?.score).toBeCloseTo(1, 6);
    expect(nearestVote(Float32Array.from([0, 3, 0]), exemplars, 2)?.score).toBeCloseTo(0, 6);
  });
  it('ignores exemplars pointing away (negative similarity) and says how near the nearest is', () => {
    const vote = nearestVote(Float32Array.from([-1, 0, 0]), exemplars, 5);
    expect(vote?.nearest).toBeLessThanOrEqual(0);
    expect(vote?.score).toBe(0.5);
  });
  it('has nothing to say without exemplars', () => {
    expect(nearestVote(unit(1, 0, 0), [])).toBeNull();
  });
});

describe('blendScores', () => {
  it('moves the score towards the vote by at most the blend weight, scaled by closeness', () => {
    expect(blendScores(0.2, { score: 1, nearest: 1 }, 0.4)).toBeCloseTo(0.52, 6);
    expect(blendScores(0.2, { score: 1, nearest: 0.5 }, 0.4)).toBeCloseTo(0.36, 6);
    expect(blendScores(0.2, { score: 1, nearest: -0.3 }, 0.4)).toBeCloseTo(0.2, 6);
    expect(blendScores(0.2, null)).toBe(0.2);
  });
});

describe('route with a semantic vote', () => {
  // A classifier that is unsure of everything (0.45), so the semantic vote decides.
  const unsure = new DifficultyClassifier({
    version: 1,
    buckets: HASH_BUCKETS,
    bias: Math.log(0.45 / 0.55),
    hashed: [],
    dense: denseRecord(() => 0),
    threshold: 0.5,
    trainScores: [0.45],
    trainedOn: { prompts: 1, cloudShare: 0, cvAccuracy: 1, cvAuc: 1 },
  });
  it('sends a prompt close to known hard ones to the cloud and says so', () => {
    const decision = route('anything', { ...OPEN_CONTEXT, semantic: { score: 1, nearest: 0.9 } }, unsure);
    expect(decision.target).toBe('cloud');
    expect(decision.reasons[0]).toContain('close to known hard requests');
  });
  it('keeps it on device when its neighbours are easy ones', () => {
    expect(route('anything', { ...OPEN_CONTEXT, semantic: { score: 0, nearest: 0.9 } }, unsure).target).toBe(
      'device',
    );
  });
});
