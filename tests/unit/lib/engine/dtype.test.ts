import { describe, expect, it } from 'vitest';
import { chooseDtype } from '../../../../src/lib/engine/dtype';
import type { Backend } from '../../../../src/lib/engine/types';
import { InvalidRequestError } from '../../../../src/lib/errors';

const HALF_PRECISION = ['fp16', 'q4f16', 'q2f16', 'q1f16'];
const TYPICAL = ['q4f16', 'q4', 'fp16', 'q8', 'fp32'];

describe('chooseDtype', () => {
  it('picks q4f16 on WebGPU when the GPU has shader-f16', () => {
    expect(chooseDtype(TYPICAL, 'webgpu', true)).toBe('q4f16');
  });

  it('ranks by its own preference, not by the order the model lists its formats', () => {
    expect(chooseDtype(['fp32', 'q8', 'q4', 'fp16', 'q4f16'], 'webgpu', true)).toBe('q4f16');
    expect(chooseDtype(['fp32', 'fp16', 'q8'], 'webgpu', true)).toBe('fp16');
  });

  it('falls back to q4 on WebGPU without shader-f16, never to a half-precision format', () => {
    expect(chooseDtype(TYPICAL, 'webgpu', false)).toBe('q4');
    expect(chooseDtype(['q4f16', 'fp16', 'q8', 'fp32'], 'webgpu', false)).toBe('q8');
    expect(chooseDtype(['fp16', 'fp32'], 'webgpu', false)).toBe('fp32');
  });

  it('never picks half precision on WebAssembly, with or without shader-f16', () => {
    for (const shaderF16 of [true, false]) {
      const chosen = chooseDtype(TYPICAL, 'wasm', shaderF16);
      expect(chosen).toBe('q4');
      expect(HALF_PRECISION).not.toContain(chosen);
      expect(chooseDtype(['fp16', 'q4f16', 'fp32'], 'wasm', shaderF16)).toBe('fp32');
    }
  });

  it('runs an fp32-only model everywhere', () => {
    const cases: [Backend, boolean][] = [
      ['webgpu', true],
      ['webgpu', false],
      ['wasm', true],
      ['wasm', false],
    ];
    for (const [backend, shaderF16] of cases) expect(chooseDtype(['fp32'], backend, shaderF16)).toBe('fp32');
  });

  it('refuses a q4f16-only model on a GPU without shader-f16, naming shader-f16', () => {
    expect(() => chooseDtype(['q4f16'], 'webgpu', false)).toThrow(InvalidRequestError);
    expect(() => chooseDtype(['q4f16'], 'webgpu', false)).toThrow(/shader-f16/);
    expect(() => chooseDtype(['q4f16'], 'webgpu', false)).toThrow(/q4f16/);
  });

  it('refuses a half-precision-only model on WebAssembly without blaming shader-f16', () => {
    expect(() => chooseDtype(['fp16', 'q4f16'], 'wasm', false)).toThrow(InvalidRequestError);
    expect(() => chooseDtype(['fp16', 'q4f16'], 'wasm', false)).toThrow(/WebAssembly/);
    expect(() => chooseDtype(['fp16', 'q4f16'], 'wasm', false)).not.toThrow(/shader-f16/);
  });

  it('refuses formats it does not know', () => {
    expect(() => chooseDtype(['int3'], 'webgpu', true)).toThrow(InvalidRequestError);
  });
});
