import type { ModelEntry } from './types';

export type { ModelEntry } from './types';

export const SELF_TEST_MODEL_ID = 'hearth/self-test-tiny';

export const SELF_TEST_MODEL: ModelEntry = {
  id: SELF_TEST_MODEL_ID,
  displayName: 'Self-test (tiny random model)',
  family: 'self-test',
  task: 'chat',
  engine: 'transformers',
  repo: SELF_TEST_MODEL_ID,
  revision: 'main',
  quantization: 'fp32',
  dtypes: ['fp32'],
  parameters: 42_646,
  downloadBytes: 178_091,
  vramMB: 1,
  contextWindow: 2048,
  license: 'Apache-2.0',
  requiredFeatures: [],
  builtIn: true,
  description:
    'A 0.2 MB model with random weights, shipped with Hearth. Its answers are noise: it proves that models run on this device.',
  sources: {
    parameters: 'computed: model.onnx (170,584 B) ÷ 4 bytes per fp32 weight',
    downloadBytes:
      'measured: model.onnx, tokenizer.json, tokenizer_config.json, config.json, generation_config.json',
    vramMB: 'computed: the fp32 weights',
    contextWindow: 'config.json of the generated model',
    license: "Hearth's own fixture",
  },
};

export const CATALOG: readonly ModelEntry[] = [SELF_TEST_MODEL];

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}

/** Where a model's files live: built-in models on our own origin, the rest on the configured mirror. */
export function modelHostFor(entry: ModelEntry, mirrorUrl: string, origin: string): string {
  return entry.builtIn ? `${origin}/models` : mirrorUrl;
}
