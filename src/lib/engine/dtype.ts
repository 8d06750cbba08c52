import { InvalidRequestError } from '../errors';
import type { Backend } from './types';

/** Half-precision formats need `shader-f16` on WebGPU and are not worth it on the CPU. */
const HALF_PRECISION = new Set(['fp16', 'q4f16', 'q2f16', 'q1f16']);

/** Fastest first: 4-bit weights read the least memory per token, which bounds decode speed. */
const PREFERENCE: Record<Backend, string[]> = {
  webgpu: ['q4f16', 'fp16', 'q4', 'q8', 'fp32'],
  wasm: ['q4', 'q8', 'fp32'],
};

/** Picks the weight format to load from what the model offers and what this device can run. */
export function chooseDtype(offered: readonly string[], backend: Backend, shaderF16: boolean): string {
  const usable = PREFERENCE[backend].filter(
    (dtype) =>
      offered.includes(dtype) && (backend === 'webgpu' ? shaderF16 || !HALF_PRECISION.has(dtype) : true),
  );
  const chosen = usable[0];
  if (chosen === undefined) {
    const why =
      backend === 'webgpu' && !shaderF16 ? ' (this GPU has no shader-f16 for half-precision weights)' : '';
    throw new InvalidRequestError(
      `This model offers only ${offered.join(', ')}, none of which runs on ${backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'} here${why}.`,
    );
  }
  return chosen;
}
