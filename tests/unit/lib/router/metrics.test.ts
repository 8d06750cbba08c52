import { describe, expect, it } from 'vitest';
import { auc, confusion, parseLabelledPrompts, percentile } from '../../../../src/lib/router';

describe('router metrics', () => {
  it('AUC is 1 for a perfect ranking, 0.5 for ties and 0 for an inverted one', () => {
    expect(
      auc([
        { score: 0.9, cloud: true },
        { score: 0.1, cloud: false },
      ]),
    ).toBe(1);
    expect(
      auc([
        { score: 0.5, cloud: true },
        { score: 0.5, cloud: false },
      ]),
    ).toBe(0.5);
    expect(
      auc([
        { score: 0.1, cloud: true },
        { score: 0.9, cloud: false },
      ]),
    ).toBe(0);
    expect(auc([{ score: 0.1, cloud: true }])).toBeNaN();
  });
  it('counts accuracy, cloud rate, precision and recall with cloud as positive', () => {
    const result = confusion([
      { score: 1, cloud: true, predictedCloud: true },
      { score: 1, cloud: false, predictedCloud: true },
      { score: 0, cloud: true, predictedCloud: false },
      { score: 0, cloud: false, predictedCloud: false },
    ]);
    expect(result).toEqual({ accuracy: 0.5, cloudRate: 0.5, precisionCloud: 0.5, recallCloud: 0.5 });
  });
  it('takes the nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});

describe('parseLabelledPrompts', () => {
  it('reads JSONL and names the line of a bad row', () => {
    expect(
      parseLabelledPrompts(
        '{"prompt":"hi","label":"local"}\n\n{"prompt":"prove it","label":"cloud","split":"test"}\n',
      ),
    ).toEqual([
      { prompt: 'hi', label: 'local' },
      { prompt: 'prove it', label: 'cloud', split: 'test' },
    ]);
    expect(() => parseLabelledPrompts('{"prompt":"hi","label":"maybe"}')).toThrow(/Line 1/);
    expect(() => parseLabelledPrompts('{"prompt":"hi"}\nnot json')).toThrow(/Line 1/);
  });
});
