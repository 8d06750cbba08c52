import { SELF_TEST_MODEL } from './entries/builtin';
import { ONNX_ENTRIES } from './entries/onnx';
import { WEBLLM_ENTRIES } from './entries/webllm';
import type { ModelEntry } from './types';

export type { ModelEntry } from './types';
export { SELF_TEST_MODEL, SELF_TEST_MODEL_ID } from './entries/builtin';

/**
 * Every model Hearth knows, as typed data (entries/*.ts). The self-test stays first: it is the one model
 * that works with no network, and lists that pick "the first model" (the Benchmark page) rely on that.
 */
export const CATALOG: readonly ModelEntry[] = [SELF_TEST_MODEL, ...WEBLLM_ENTRIES, ...ONNX_ENTRIES];

/** The models a person can chat with (the chat's picker): every entry but the embedding models. */
export const CHAT_MODELS: readonly ModelEntry[] = CATALOG.filter((entry) => entry.task === 'chat');

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}

/** Where a model's files live: built-in models on our own origin, the rest on the configured mirror. */
export function modelHostFor(entry: ModelEntry, mirrorUrl: string, origin: string): string {
  return entry.builtIn ? `${origin}/models` : mirrorUrl;
}
