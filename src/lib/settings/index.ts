export {
  DEFAULT_SETTINGS,
  HUGGING_FACE_HUB,
  normaliseMirrorUrl,
  WEBLLM_MODEL_LIBRARIES,
  withDefaults,
} from './settings';
export type { RoutingMode, Settings } from './settings';
export { SpendRepository } from './spend';
export { SettingsRepository } from './repository';
