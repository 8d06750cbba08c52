import { describe, expect, it } from 'vitest';
import type { GpuProbe } from '../../../../src/lib/device';
import { readDeviceProfile } from '../../../../src/lib/models';

const NO_GPU: GpuProbe = { kind: 'unavailable', reason: 'no-api', message: 'none' };

describe('readDeviceProfile', () => {
  it('reads the RAM and the storage left from navigator', async () => {
    const profile = await readDeviceProfile(NO_GPU, {
      deviceMemory: 4,
      storage: { estimate: async () => ({ quota: 10e9, usage: 2e9 }) },
    });
    expect(profile).toEqual({ gpu: NO_GPU, memoryGB: 4, storage: { quota: 10e9, usage: 2e9 } });
  });

  it('leaves out what the browser does not say, or refuses to say', async () => {
    expect(await readDeviceProfile(NO_GPU, {})).toEqual({
      gpu: NO_GPU,
      memoryGB: undefined,
      storage: undefined,
    });
    const refused = await readDeviceProfile(NO_GPU, {
      deviceMemory: 'lots',
      storage: { estimate: () => Promise.reject(new Error('private mode')) },
    });
    expect(refused.memoryGB).toBeUndefined();
    expect(refused.storage).toBeUndefined();
    expect(await readDeviceProfile(NO_GPU, undefined)).toEqual({
      gpu: NO_GPU,
      memoryGB: undefined,
      storage: undefined,
    });
  });

  it('counts missing usage as none used', async () => {
    const profile = await readDeviceProfile(NO_GPU, { storage: { estimate: async () => ({ quota: 5e9 }) } });
    expect(profile.storage).toEqual({ quota: 5e9, usage: 0 });
  });
});
