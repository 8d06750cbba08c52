import { browserGpu, probeWebGPU, type GpuProbe } from '../../lib/device';

/** The WebGPU probe, run once per page load and shared by every page that needs it. */
export class DeviceStore {
  probe = $state<GpuProbe | null>(null);
  #started: Promise<GpuProbe> | null = null;

  ensureProbed(): Promise<GpuProbe> {
    this.#started ??= probeWebGPU(browserGpu()).then((probe) => (this.probe = probe));
    return this.#started;
  }
}
