import { prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { CATALOG, CHAT_MODELS } from '../../../../src/lib/models';
import type { ModelEntry, SourcedFigure } from '../../../../src/lib/models';

// vitest runs in node, where @mlc-ai/web-llm imports cleanly: these are the installed package's own records.
const PREBUILT = new Map(prebuiltAppConfig.model_list.map((record) => [record.model_id, record]));
const WEBLLM = CATALOG.filter((entry) => entry.engine === 'webllm');
const FIGURES: SourcedFigure[] = ['parameters', 'downloadBytes', 'vramMB', 'contextWindow', 'license'];

function recordFor(entry: ModelEntry): ModelRecord {
  const record = PREBUILT.get(entry.id);
  if (!record) throw new Error(`${entry.id} is not in web-llm's prebuiltAppConfig`);
  return record;
}

describe('the catalog', () => {
  it('has unique ids and unique display names (the picker and the Models page are named by them)', () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
    expect(new Set(CATALOG.map((e) => e.displayName)).size).toBe(CATALOG.length);
  });

  it.each(CATALOG.map((entry) => [entry.id, entry] as const))('%s is complete', (_id, entry) => {
    for (const text of [entry.displayName, entry.family, entry.repo, entry.revision, entry.quantization]) {
      expect(text.trim()).not.toBe('');
    }
    expect(entry.license.trim()).not.toBe('');
    expect(entry.description.trim()).not.toBe('');
    expect(entry.dtypes.length).toBeGreaterThan(0);
    for (const size of [entry.parameters, entry.downloadBytes, entry.vramMB, entry.contextWindow]) {
      expect(Number.isFinite(size) && size > 0).toBe(true);
    }
    for (const figure of FIGURES) expect(entry.sources[figure]?.trim() ?? '').not.toBe('');
    if (entry.largestTensorBytes !== undefined) {
      expect(entry.largestTensorBytes).toBeGreaterThan(0);
      expect(entry.sources.largestTensorBytes?.trim() ?? '').not.toBe('');
    }
    if (entry.requiredFeatures.length > 0) expect(entry.sources.requiredFeatures?.trim() ?? '').not.toBe('');
  });

  it('requires shader-f16 for every half-precision build, whatever the engine', () => {
    const f16 = CATALOG.filter((e) => /f16/.test(e.quantization) || e.dtypes.some((d) => /f16/.test(d)));
    expect(f16.length).toBeGreaterThan(5);
    for (const entry of f16) expect(entry.requiredFeatures, entry.id).toContain('shader-f16');
    for (const entry of CATALOG.filter((e) => !f16.includes(e))) {
      expect(entry.requiredFeatures, entry.id).not.toContain('shader-f16');
    }
  });

  it('has the models the issue names, through both engines where a build exists', () => {
    const builds = (base: string) =>
      CATALOG.filter((e) => e.baseModel === base).map((e) => `${e.engine}:${e.quantization}`);
    expect(builds('microsoft/Phi-3.5-mini-instruct').sort()).toEqual(
      ['transformers:q4f16', 'webllm:q4f16_1', 'webllm:q4f32_1'].sort(),
    );
    for (const base of [
      'Qwen/Qwen2.5-1.5B-Instruct',
      'Qwen/Qwen2.5-0.5B-Instruct',
      'meta-llama/Llama-3.2-1B-Instruct',
    ]) {
      expect(builds(base).sort(), base).toEqual(
        ['transformers:q4', 'webllm:q4f16_1', 'webllm:q4f32_1'].sort(),
      );
    }
    expect(builds('google/gemma-2-2b-it').sort()).toEqual(['webllm:q4f16_1', 'webllm:q4f32_1']);
    // web-llm has Gemma 3 only as q4f16: without shader-f16 it comes from the ONNX build.
    expect(builds('google/gemma-3-1b-it').sort()).toEqual(['transformers:q4', 'webllm:q4f16_1']);
  });

  it('keeps the self-test, has one embedding model, and leaves embeddings out of the chat models', () => {
    expect(CATALOG[0]?.id).toBe('hearth/self-test-tiny');
    expect(CATALOG.filter((e) => e.builtIn).map((e) => e.id)).toEqual(['hearth/self-test-tiny']);
    const embeddings = CATALOG.filter((e) => e.task === 'embedding');
    expect(embeddings).toHaveLength(1);
    expect(embeddings[0]?.engine).toBe('transformers');
    expect(CHAT_MODELS.some((e) => e.task === 'embedding')).toBe(false);
    expect(CHAT_MODELS.length).toBe(CATALOG.length - 1);
  });

  it('names a model library only for web-llm builds', () => {
    for (const entry of CATALOG) {
      expect(entry.modelLib !== undefined, entry.id).toBe(entry.engine === 'webllm');
    }
  });
});

describe("web-llm builds match web-llm 0.2.86's prebuiltAppConfig", () => {
  it('lists eleven of them, every one a prebuilt model_id', () => {
    expect(WEBLLM).toHaveLength(11);
    for (const entry of WEBLLM) expect(PREBUILT.has(entry.id), entry.id).toBe(true);
  });

  it.each(WEBLLM.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const record = recordFor(entry);
    // The library's file name is the last segment of the record's model_lib URL.
    expect(entry.modelLib).toBe(record.model_lib.split('/').at(-1));
    expect(entry.contextWindow).toBe(record.overrides?.context_window_size);
    expect(entry.vramMB).toBe(record.vram_required_MB);
    expect(`https://huggingface.co/${entry.repo}`).toBe(record.model);
    // Hearth may require more features than web-llm lists, never fewer.
    for (const feature of record.required_features ?? []) expect(entry.requiredFeatures).toContain(feature);
    expect(entry.dtypes).toEqual([entry.quantization]);
    expect(entry.id).toContain(entry.quantization);
  });
});
