export { DEFAULT_SETTINGS, HUGGING_FACE_HUB, normaliseMirrorUrl, withDefaults } from './settings';
export type { Settings } from './settings';
export { SettingsRepository } from './repository';
