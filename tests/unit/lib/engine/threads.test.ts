import { describe, expect, it } from 'vitest';
import { MAX_DEFAULT_THREADS, wasmThreads } from '../../../../src/lib/engine/threads';

describe('wasmThreads', () => {
  it('is 1 without cross-origin isolation, whatever was asked (no SharedArrayBuffer, no threads)', () => {
    expect(wasmThreads(false, 16)).toBe(1);
    expect(wasmThreads(false, 16, 8)).toBe(1);
  });

  it('uses every logical core when isolated, up to the cap', () => {
    expect(wasmThreads(true, 1)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 4)).toBe(4);
    expect(wasmThreads(true, 32)).toBe(MAX_DEFAULT_THREADS);
    expect(MAX_DEFAULT_THREADS).toBe(4);
  });

  it('falls back to 1 when the browser does not say how many cores it has', () => {
    expect(wasmThreads(true, undefined)).toBe(1);
    expect(wasmThreads(true, 0)).toBe(1);
    expect(wasmThreads(true, Number.NaN)).toBe(1);
  });

  it('lets a request override the default, beyond the cap too, so it can be measured', () => {
    expect(wasmThreads(true, 2, 1)).toBe(1);
    expect(wasmThreads(true, 2, 8)).toBe(8);
    expect(wasmThreads(true, 2, 1000)).toBe(64);
  });
});
