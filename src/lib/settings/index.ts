export {
  DEFAULT_SETTINGS,
  HUGGING_FACE_HUB,
  normaliseMirrorUrl,
  WEBLLM_MODEL_LIBRARIES,
  withDefaults,
} from './settings';
export type { RoutingMode, Settings } from './settings';
export { parseSettings, SETTINGS_LIMITS, settingsNotice } from './parse';
export type { ParsedSettings } from './parse';
export { MemorySpendRepository, monthSpend, SpendRepository } from './spend';
export type { SpendStorage } from './spend';
export { SettingsRepository } from './repository';
export type { SettingsStorage } from './repository';
export { MemorySettingsRepository } from './memory';
