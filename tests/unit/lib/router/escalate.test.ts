import { describe, expect, it } from 'vitest';
import { DifficultyClassifier, escalationFor, route, type RouteContext } from '../../../../src/lib/router';
import { denseRecord, HASH_BUCKETS } from '../../../../src/lib/router/features';
import { OPEN_CONTEXT } from './context';

// Every prompt scores low, so in Automatic mode the router picks the device by score.
const easyClassifier = new DifficultyClassifier({
  version: 1,
  buckets: HASH_BUCKETS,
  bias: -3,
  hashed: [],
  dense: denseRecord(() => 0),
  threshold: 0.5,
  trainScores: [0.1],
  trainedOn: { prompts: 1, cloudShare: 0, cvAccuracy: 1, cvAuc: 1 },
});

const base: RouteContext = OPEN_CONTEXT;

const decide = (prompt: string, patch: Partial<RouteContext> = {}) =>
  route(prompt, { ...base, ...patch }, easyClassifier);

describe('escalationFor: the cascade after an on-device answer', () => {
  it('re-asks the cloud automatically when the score chose the device in Automatic mode and the answer is unsure', () => {
    expect(escalationFor(decide('What is a monad?'), 'auto', true)).toBe('automatic');
  });
  it('does nothing when the answer was sure', () => {
    expect(escalationFor(decide('What is a monad?'), 'auto', false)).toBe('none');
  });
  it('only offers when the person chose Always on device', () => {
    const decision = decide('What is a monad?', { mode: 'device' });
    expect(escalationFor(decision, 'device', true)).toBe('offer');
  });
  it('only offers when the prompt carries private data, never sending it by itself', () => {
    const decision = decide('What is a monad? Reply to ana@example.org');
    expect(decision.privateKinds.length).toBeGreaterThan(0);
    expect(escalationFor(decision, 'auto', true)).toBe('offer');
  });
  it.each([{ online: false }, { cloudConfigured: false }, { budgetLeftUsd: 0 }])(
    'offers nothing when a gate rules the cloud out (%o)',
    (patch) => {
      expect(escalationFor(decide('What is a monad?', patch), 'auto', true)).toBe('none');
    },
  );
  it('never escalates an answer that already ran in the cloud', () => {
    expect(escalationFor(decide('What is a monad?', { mode: 'cloud' }), 'cloud', true)).toBe('none');
  });
});
