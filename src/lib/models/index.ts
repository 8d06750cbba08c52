export { CATALOG, findModel, modelHostFor, SELF_TEST_MODEL, SELF_TEST_MODEL_ID } from './catalog';
export type { ModelEntry, ModelTask, SourcedFigure } from './types';
export { loadRequestFor } from './load-request';
export type { ModelSources } from './load-request';
