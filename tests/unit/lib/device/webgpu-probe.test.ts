import { describe, expect, it } from 'vitest';
import { adapterLabel, probeWebGPU, type GpuEntryPoint } from '../../../../src/lib/device';

function fakeGpu(
  features: string[],
  info = { vendor: 'acme', architecture: 'rdna9', description: 'Acme X' },
): GpuEntryPoint {
  const set = new Set(features);
  return {
    requestAdapter: async () => ({
      features: set,
      limits: { maxBufferSize: 4_294_967_296, maxStorageBufferBindingSize: 2_147_483_648 },
      info,
    }),
  };
}

describe('probeWebGPU', () => {
  it('reports shader-f16 when the adapter has it', async () => {
    const probe = await probeWebGPU(fakeGpu(['timestamp-query', 'shader-f16']));
    expect(probe.kind).toBe('available');
    if (probe.kind !== 'available') return;
    expect(probe.shaderF16).toBe(true);
    expect(probe.features).toEqual(['shader-f16', 'timestamp-query']);
    expect(probe.limits.maxStorageBufferBindingSize).toBe(2_147_483_648);
    expect(probe.adapter.vendor).toBe('acme');
    expect(adapterLabel(probe)).toBe('acme · rdna9 · Acme X');
  });

  it('reports no shader-f16 when the adapter lacks it', async () => {
    const probe = await probeWebGPU(fakeGpu(['timestamp-query']));
    expect(probe.kind === 'available' && probe.shaderF16).toBe(false);
  });

  it('says there is no WebGPU when the browser has no navigator.gpu', async () => {
    const probe = await probeWebGPU(undefined);
    expect(probe).toMatchObject({ kind: 'unavailable', reason: 'no-api' });
    expect(adapterLabel(probe)).toBe('no WebGPU');
  });

  it('says there is no adapter when requestAdapter gives null', async () => {
    const probe = await probeWebGPU({ requestAdapter: async () => null });
    expect(probe).toMatchObject({ kind: 'unavailable', reason: 'no-adapter' });
  });

  it('turns a throwing requestAdapter into a readable reason', async () => {
    const probe = await probeWebGPU({
      requestAdapter: async () => {
        throw new Error('GPU process crashed');
      },
    });
    expect(probe.kind).toBe('unavailable');
    expect(probe.kind === 'unavailable' && probe.message).toContain('GPU process crashed');
  });

  it('tolerates adapters without info (older browsers)', async () => {
    const probe = await probeWebGPU({
      requestAdapter: async () => ({
        features: new Set<string>(),
        limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1 },
      }),
    });
    expect(probe.kind === 'available' && adapterLabel(probe)).toBe('unnamed adapter');
  });
});
