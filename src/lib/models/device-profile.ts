import type { GpuProbe } from '../device';
import type { DeviceProfile } from './capability';

/** The slice of `navigator` the profile reads, so tests can hand in a fake. */
export interface NavigatorFacts {
  /** Chromium only, and not in TypeScript's DOM types; absent in Safari and Firefox. */
  readonly deviceMemory?: unknown;
  readonly storage?: { estimate(): Promise<StorageEstimate> };
}

/** Everything capability matching needs: the WebGPU probe, the RAM the browser reports, the storage left. */
export async function readDeviceProfile(
  gpu: GpuProbe,
  nav: NavigatorFacts | undefined,
): Promise<DeviceProfile> {
  const memory = nav?.deviceMemory;
  return {
    gpu,
    memoryGB: typeof memory === 'number' && memory > 0 ? memory : undefined,
    storage: await storageEstimate(nav),
  };
}

async function storageEstimate(nav: NavigatorFacts | undefined): Promise<DeviceProfile['storage']> {
  try {
    const estimate = await nav?.storage?.estimate();
    if (estimate?.quota === undefined) return undefined;
    return { quota: estimate.quota, usage: estimate.usage ?? 0 };
  } catch {
    // Some private modes refuse the estimate; the storage check is then skipped, not failed.
    return undefined;
  }
}
