import { getContext, setContext } from 'svelte';
import type { Navigation } from '../navigation/navigation.svelte';
import type { BenchStore } from './bench.svelte';
import type { ChatStore } from './chat.svelte';
import type { DeviceStore } from './device.svelte';
import type { InferenceStore } from './inference.svelte';
import type { ModelsStore } from './models.svelte';
import type { PwaStore } from './pwa.svelte';
import type { RoutingStore } from './routing.svelte';
import type { SettingsStore } from './settings.svelte';
import type { StorageStore } from './storage.svelte';

export interface AppStores {
  navigation: Navigation;
  device: DeviceStore;
  storage: StorageStore;
  settings: SettingsStore;
  inference: InferenceStore;
  models: ModelsStore;
  chat: ChatStore;
  bench: BenchStore;
  routing: RoutingStore;
  pwa: PwaStore;
}

const KEY = Symbol('hearth-stores');

export function provideStores(stores: AppStores): void {
  setContext(KEY, stores);
}

export function useStores(): AppStores {
  const stores = getContext<AppStores | undefined>(KEY);
  if (!stores) throw new Error('useStores() called outside <App>.');
  return stores;
}
