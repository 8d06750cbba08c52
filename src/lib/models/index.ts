export {
  CATALOG,
  CHAT_MODELS,
  findModel,
  modelHostFor,
  SELF_TEST_MODEL,
  SELF_TEST_MODEL_ID,
} from './catalog';
export {
  ENGINE_LABEL,
  judgeCatalog,
  judgeModel,
  type DeviceProfile,
  type Judgement,
  type Verdict,
} from './capability';
export { defaultChatModel, type JudgedModel } from './default-pick';
export { readDeviceProfile, type NavigatorFacts } from './device-profile';
export type { ModelEntry, ModelTask, OptionalSourcedFigure, SourcedFigure } from './types';
export { loadRequestFor } from './load-request';
export type { ModelSources } from './load-request';
