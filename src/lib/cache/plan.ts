/**
 * Which files make up a model, per engine, and where each one ends up. Some lists depend on files of the
 * model itself (transformers.js: external weight data named in config.json; web-llm: the shards listed in
 * tensor-cache.json), so planning happens in two steps: the small index files first, then the rest.
 */
import { chooseDtype } from '../engine/dtype';
import type { Backend } from '../engine/types';
import { fieldsOf } from '../db/fields';
import type { ModelEntry } from '../models/types';

/** web-llm's own IndexedDB databases (cacheBackend "indexeddb"): it reads finished files from there. */
export type WebLlmDatabase = 'webllm/config' | 'webllm/wasm' | 'webllm/model';

export interface PlannedFile {
  url: string;
  /** Path in the repository, or the library's file name. */
  path: string;
  /** A 404 is fine (transformers.js asks for generation_config.json whether or not it exists). */
  optional?: boolean;
  /** Size announced by an index file (web-llm's tensor-cache.json), before the server says it. */
  expectedBytes?: number;
  /** Where a finished file goes for web-llm, and in which form web-llm keeps it. */
  webllm?: { database: WebLlmDatabase; as: 'arraybuffer' | 'json' };
}

export interface ModelLocation {
  /** `{modelHost}/{repo}/resolve/{revision}/`, with the trailing slash. */
  baseUrl: string;
  /** web-llm only: the model library's absolute URL. */
  modelLibUrl?: string;
}

export function baseUrlOf(entry: ModelEntry, modelHost: string): string {
  const host = modelHost.endsWith('/') ? modelHost : `${modelHost}/`;
  return new URL(`${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/`, host).href;
}

/** The index files to fetch first: their contents name the rest. */
export function indexFiles(entry: ModelEntry, location: ModelLocation): PlannedFile[] {
  const at = (path: string): string => new URL(path, location.baseUrl).href;
  if (entry.engine === 'webllm') {
    return [
      {
        url: at('mlc-chat-config.json'),
        path: 'mlc-chat-config.json',
        webllm: { database: 'webllm/config', as: 'arraybuffer' },
      },
      {
        url: at('tensor-cache.json'),
        path: 'tensor-cache.json',
        webllm: { database: 'webllm/model', as: 'json' },
      },
    ];
  }
  return [
    { url: at('config.json'), path: 'config.json' },
    { url: at('generation_config.json'), path: 'generation_config.json', optional: true },
    { url: at('tokenizer.json'), path: 'tokenizer.json' },
    { url: at('tokenizer_config.json'), path: 'tokenizer_config.json' },
  ];
}

/** transformers.js's names for its weight formats (DEFAULT_DTYPE_SUFFIX_MAPPING in 4.3.1). */
const DTYPE_SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/**
 * The weight files transformers.js will ask for: `onnx/model{suffix}.onnx` in the format the engine picks
 * on this device, plus the external data files config.json announces (`…onnx_data`, `…onnx_data_1`, …).
 */
export function transformersWeights(
  entry: ModelEntry,
  location: ModelLocation,
  config: unknown,
  device: { backend: Backend; shaderF16: boolean },
): PlannedFile[] {
  const dtype = chooseDtype(entry.dtypes, device.backend, device.shaderF16);
  const suffix = DTYPE_SUFFIX[dtype] ?? '';
  const name = `model${suffix}.onnx`;
  const files: PlannedFile[] = [
    { url: new URL(`onnx/${name}`, location.baseUrl).href, path: `onnx/${name}` },
  ];
  const chunks = externalDataChunks(config, name);
  for (let i = 0; i < chunks; i++) {
    const path = `onnx/${name}_data${i === 0 ? '' : `_${i}`}`;
    files.push({ url: new URL(path, location.baseUrl).href, path });
  }
  return files;
}

/** `transformers.js_config.use_external_data_format`: a count, true, or a map by file name. */
function externalDataChunks(config: unknown, fileName: string): number {
  const custom = field(field(config, 'transformers.js_config'), 'use_external_data_format');
  if (custom === undefined || custom === null || custom === false) return 0;
  if (custom === true) return 1;
  if (typeof custom === 'number') return custom;
  const byName = field(custom, fileName) ?? field(custom, 'model');
  return byName === true ? 1 : typeof byName === 'number' ? byName : 0;
}

/** web-llm's tokenizer and shards (named by tensor-cache.json) and its model library. */
export function webllmFiles(
  location: ModelLocation,
  chatConfig: unknown,
  tensorCache: unknown,
): PlannedFile[] {
  const at = (path: string): string => new URL(path, location.baseUrl).href;
  const tokenizers = field(chatConfig, 'tokenizer_files');
  const names = Array.isArray(tokenizers) ? tokenizers.filter((f): f is string => typeof f === 'string') : [];
  // web-llm reads tokenizer.json when listed, else tokenizer.model, and nothing else.
  const tokenizer = names.includes('tokenizer.json')
    ? 'tokenizer.json'
    : names.includes('tokenizer.model')
      ? 'tokenizer.model'
      : 'tokenizer.json';
  const files: PlannedFile[] = [
    { url: at(tokenizer), path: tokenizer, webllm: { database: 'webllm/model', as: 'arraybuffer' } },
  ];
  const records = field(tensorCache, 'records');
  const seen = new Set<string>();
  for (const record of Array.isArray(records) ? records : []) {
    const dataPath = field(record, 'dataPath');
    if (typeof dataPath !== 'string' || seen.has(dataPath)) continue;
    seen.add(dataPath);
    const nbytes = field(record, 'nbytes');
    files.push({
      url: at(dataPath),
      path: dataPath,
      ...(typeof nbytes === 'number' ? { expectedBytes: nbytes } : {}),
      webllm: { database: 'webllm/model', as: 'arraybuffer' },
    });
  }
  if (location.modelLibUrl) {
    const name = location.modelLibUrl.split('/').pop() ?? 'model-lib.wasm';
    files.push({
      url: location.modelLibUrl,
      path: name,
      webllm: { database: 'webllm/wasm', as: 'arraybuffer' },
    });
  }
  return files;
}

function field(value: unknown, name: string): unknown {
  return fieldsOf(value)?.get(name);
}
