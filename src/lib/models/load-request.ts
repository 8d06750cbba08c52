import type { BackendChoice, LoadRequest } from '../engine/types';
import type { ModelEntry } from './types';

/** The worker's load request for a catalog entry, its files at `modelHost` in hub layout. */
export function loadRequestFor(entry: ModelEntry, modelHost: string, backend: BackendChoice): LoadRequest {
  return {
    engine: entry.engine,
    modelId: entry.repo,
    modelHost,
    revision: entry.revision,
    backend,
    dtypes: entry.dtypes,
  };
}
