import { describe, expect, it } from 'vitest';
import {
  DifficultyClassifier,
  route,
  type RouteContext,
  type RouterWeights,
} from '../../../../src/lib/router';
import { denseRecord, HASH_BUCKETS } from '../../../../src/lib/router/features';
import { OPEN_CONTEXT } from './context';

/** A hand-made classifier: math and reasoning words make a prompt hard, everything else easy. */
const classifier = new DifficultyClassifier({
  version: 1,
  buckets: HASH_BUCKETS,
  bias: -2,
  hashed: [],
  dense: denseRecord((name) => (name === 'math' || name === 'reasoning_verbs' ? 4 : 0)),
  threshold: 0.5,
  trainScores: [0.1, 0.2, 0.6, 0.9],
  trainedOn: { prompts: 4, cloudShare: 0.5, cvAccuracy: 1, cvAuc: 1 },
} satisfies RouterWeights);

const HARD = 'Prove that the integral of x^2 converges and derive the theorem step by step.';
const EASY = 'Say hello to my neighbour.';

const base: RouteContext = OPEN_CONTEXT;

describe('route: the gates that cannot be overridden', () => {
  it.each([
    [{ cloudConfigured: false }, 'no cloud endpoint'],
    [{ online: false }, 'offline'],
    [{ budgetLeftUsd: 0 }, 'budget is spent'],
    [{ estimatedCostUsd: 1, budgetLeftUsd: 0.5 }, 'exceed the monthly cloud budget'],
  ] as const)('keeps the message on device when %o, even in Always cloud', (patch, reason) => {
    const decision = route(HARD, { ...base, mode: 'cloud', override: 'cloud', ...patch }, classifier);
    expect(decision.target).toBe('device');
    expect(decision.reasons[0]).toContain(reason);
  });
});

describe('route: the person wins over the score', () => {
  it('Always on device keeps even a hard message here', () => {
    expect(route(HARD, { ...base, mode: 'device' }, classifier)).toMatchObject({
      target: 'device',
      score: null,
    });
  });
  it('Always cloud sends even an easy message out', () => {
    expect(route(EASY, { ...base, mode: 'cloud' }, classifier).target).toBe('cloud');
  });
  it('a per-message override beats the mode, both ways', () => {
    expect(route(EASY, { ...base, mode: 'device', override: 'cloud' }, classifier).reasons[0]).toContain(
      'for this message',
    );
    expect(route(HARD, { ...base, mode: 'cloud', override: 'device' }, classifier).target).toBe('device');
  });
});

describe('route: private data', () => {
  const privateHard = `${HARD} Send the result to ana@example.org.`;
  it('stays on device in Always cloud and says which kind, never the value', () => {
    const decision = route(privateHard, { ...base, mode: 'cloud' }, classifier);
    expect(decision.target).toBe('device');
    expect(decision.reasons[0]).toContain('email');
    expect(decision.reasons.join(' ')).not.toContain('ana@example.org');
    expect(decision.privateKinds.map((k) => k.kind)).toContain('email');
  });
  it('stays on device in Automatic even when the score says cloud', () => {
    expect(route(privateHard, base, classifier).target).toBe('device');
  });
  it('goes to the cloud once the person confirms', () => {
    expect(route(privateHard, { ...base, mode: 'cloud', confirmedPrivate: true }, classifier).target).toBe(
      'cloud',
    );
  });
  it('honours the words the person marked private', () => {
    const decision = route(
      `${HARD} My diabetes numbers are attached.`,
      { ...base, privateTerms: ['diabetes'] },
      classifier,
    );
    expect(decision.target).toBe('device');
  });
});

describe('route: what the device cannot do', () => {
  it('sends to the cloud when no local model can run here', () => {
    expect(route(EASY, { ...base, localModelUsable: false }, classifier).reasons[0]).toContain(
      'no local model',
    );
  });
  it('sends to the cloud when the conversation outgrows the local context', () => {
    expect(route(EASY, { ...base, promptTokens: 5000 }, classifier).target).toBe('cloud');
  });
});

describe('route: the difficulty score in Automatic mode', () => {
  it('sends a hard prompt out with the reason and score', () => {
    const decision = route(HARD, base, classifier);
    expect(decision.target).toBe('cloud');
    expect(decision.score).toBeGreaterThan(0.5);
    expect(decision.reasons[0]).toMatch(/looks hard: .*math/);
  });
  it('keeps an easy prompt here', () => {
    const decision = route(EASY, base, classifier);
    expect(decision.target).toBe('device');
    expect(decision.reasons[0]).toContain('easy');
  });
  it('moves with the threshold (prefer device ↔ prefer quality)', () => {
    const score = classifier.score(HARD).score;
    expect(route(HARD, { ...base, threshold: Math.min(0.999, score + 0.001) }, classifier).target).toBe(
      'device',
    );
  });
  it('tells the expected cloud share of a threshold from the training scores', () => {
    expect(classifier.expectedCloudShare(0.5)).toBe(0.5);
    expect(classifier.expectedCloudShare(0.95)).toBe(0);
  });
});

describe('route: a rate-limited cloud', () => {
  it('keeps messages on device while the Retry-After wait lasts, even in Always cloud', () => {
    const decision = route(HARD, { ...base, mode: 'cloud', cloudWaitS: 6.2 }, classifier);
    expect(decision).toMatchObject({ target: 'device', decidedBy: 'gate' });
    expect(decision.reasons[0]).toContain('wait 7 s');
  });
  it('sends to the cloud again once the wait is over', () => {
    expect(route(HARD, { ...base, cloudWaitS: 0 }, classifier).target).toBe('cloud');
  });
});
