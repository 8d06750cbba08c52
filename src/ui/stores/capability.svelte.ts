import {
  CATALOG,
  defaultChatModel,
  judgeCatalog,
  readDeviceProfile,
  type DeviceProfile,
  type Judgement,
  type ModelEntry,
  type Verdict,
} from '../../lib/models';
import type { DeviceStore } from './device.svelte';

/** The words a person sees for each verdict; the chat's picker groups its options under the long ones. */
export const VERDICT_LABEL: Record<Verdict, { short: string; group: string }> = {
  'runs-well': { short: 'Runs well', group: 'Runs well on this device' },
  'may-be-slow': { short: 'May be slow', group: 'May be slow on this device' },
  'wont-fit': { short: "Won't fit", group: "Won't fit this device" },
};

/**
 * This device's verdict on every catalog model and its default chat model, for the pages that show them.
 * It reads the WebGPU probe from the shared DeviceStore, plus the RAM and storage the browser reports.
 */
export class CapabilityView {
  profile = $state<DeviceProfile | null>(null);
  readonly judged = $derived(this.profile ? judgeCatalog(this.profile, CATALOG) : null);
  /** The chat's default model here; null until the device is known. */
  readonly recommended: ModelEntry | null = $derived(
    this.judged && this.profile ? defaultChatModel(this.judged, this.profile.memoryGB) : null,
  );

  constructor(device: DeviceStore) {
    void device
      .ensureProbed()
      .then((probe) => readDeviceProfile(probe, navigator))
      .then((profile) => (this.profile = profile));
  }

  judgement(id: string): Judgement | undefined {
    return this.judged?.find(({ entry }) => entry.id === id)?.judgement;
  }
}
