import { describe, expect, it } from 'vitest';
import { copyBandwidth, decodeCeiling, rooflineShare } from '../../../../src/lib/bench';

describe('copyBandwidth', () => {
  it('counts each copied byte twice (read and write) over the elapsed time', () => {
    // 10 copies of 100 MB in 0.5 s: 2 × 1 GB / 0.5 s = 4 GB/s.
    expect(copyBandwidth(100e6, 10, 500)).toBeCloseTo(4e9);
  });
  it('refuses to make up a figure from no time or no bytes', () => {
    expect(copyBandwidth(100e6, 10, 0)).toBeNaN();
    expect(copyBandwidth(0, 10, 5)).toBeNaN();
  });
});

describe('the decode roofline', () => {
  it('caps decode speed at bandwidth over bytes read per token', () => {
    // A 1.5 GB model on a 300 GB/s GPU can decode at most 200 tokens per second.
    expect(decodeCeiling(300e9, 1.5e9)).toBeCloseTo(200);
  });
  it('gives the share of that ceiling a measured speed reaches', () => {
    expect(rooflineShare(50, 300e9, 1.5e9)).toBeCloseTo(0.25);
  });
  it('has no share without a bandwidth or a model size', () => {
    expect(rooflineShare(50, Number.NaN, 1.5e9)).toBeNaN();
    expect(rooflineShare(50, 300e9, 0)).toBeNaN();
  });
});
