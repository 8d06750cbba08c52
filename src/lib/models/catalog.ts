import type { EngineKind } from '../engine/types';

export interface ModelEntry {
  /** Hub repository id. */
  id: string;
  displayName: string;
  engine: EngineKind;
  revision: string;
  /** Weight formats the repository offers, as transformers.js names them. */
  dtypes: string[];
  contextWindow: number;
  /** Shipped inside the app (served from its own origin), so it works with no network at all. */
  builtIn: boolean;
  description: string;
}

export const SELF_TEST_MODEL_ID = 'hearth/self-test-tiny';

export const SELF_TEST_MODEL: ModelEntry = {
  id: SELF_TEST_MODEL_ID,
  displayName: 'Self-test (tiny random model)',
  engine: 'transformers',
  revision: 'main',
  dtypes: ['fp32'],
  contextWindow: 2048,
  builtIn: true,
  description:
    'A 0.2 MB model with random weights, shipped with Hearth. Its answers are noise: it proves that models run on this device.',
};

export const CATALOG: readonly ModelEntry[] = [SELF_TEST_MODEL];

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}

/** Where a model's files live: built-in models on our own origin, the rest on the configured mirror. */
export function modelHostFor(entry: ModelEntry, mirrorUrl: string, origin: string): string {
  return entry.builtIn ? `${origin}/models` : mirrorUrl;
}
