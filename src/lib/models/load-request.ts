import type { BackendChoice, LoadRequest } from '../engine/types';
import type { ModelEntry } from './types';

/** Where a model's files come from: the hub-layout mirror, and web-llm's model libraries. */
export interface ModelSources {
  modelHost: string;
  modelLibraryUrl: string;
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/** The worker's load request for a catalog entry. web-llm gets absolute URLs: it resolves nothing itself. */
export function loadRequestFor(
  entry: ModelEntry,
  sources: ModelSources,
  backend: BackendChoice,
): LoadRequest {
  const base = {
    engine: entry.engine,
    modelHost: sources.modelHost,
    revision: entry.revision,
    backend,
    dtypes: entry.dtypes,
  };
  if (entry.engine !== 'webllm') return { ...base, modelId: entry.repo };
  return {
    ...base,
    modelId: entry.id,
    webllm: {
      modelUrl: new URL(`${entry.repo}/resolve/${entry.revision}/`, withSlash(sources.modelHost)).href,
      modelLibUrl: new URL(entry.modelLib ?? `${entry.id}-webgpu.wasm`, withSlash(sources.modelLibraryUrl))
        .href,
      requiredFeatures: entry.requiredFeatures,
      contextWindow: entry.contextWindow,
      modelBytes: entry.downloadBytes,
    },
  };
}
