import type { ModelEntry } from '../types';

/*
 * web-llm builds (MLC format, WebGPU only). Plain data: every figure carries its source, and the catalog
 * test checks the web-llm ones against the installed package's prebuiltAppConfig.
 *
 * Download sizes are not in web-llm's records. They are computed from the parameter count: MLC's q4f16_1
 * stores 4-bit weights plus one f16 scale per group of 32 (4.5 bits a weight), q4f32_1 one f32 scale
 * (5 bits). The one listing found (mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC: shards total 278.0 MB for
 * 0.49e9 parameters, 278 ≈ 0.49e9 × 4.5 ÷ 8) agrees. The largest tensor is the 4-bit embedding table,
 * whose size that listing's first shard (68.1 MB = 151,936 × 896 ÷ 2) also confirms.
 *
 * web-llm's own records list required_features only for gemma-2's q4f16 build; Hearth requires
 * 'shader-f16' for every *f16* build, because without it the engine downloads everything first and fails
 * afterwards (shared/notes/web-llm-facts.md §c).
 */

const PREBUILT = 'web-llm 0.2.86 prebuiltAppConfig';
const F16_RULE = `Hearth: every q4f16 build needs shader-f16 (the ${PREBUILT} record omits required_features)`;
const Q4F16_BITS = 'parameters × 4.5 bits ÷ 8 (4-bit weights + one f16 scale per 32)';
const Q4F32_BITS = 'parameters × 5 bits ÷ 8 (4-bit weights + one f32 scale per 32)';
const TOKENIZER_QWEN = 'tokenizer.json 7.03 MB (hub listing of mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC)';
const TOKENIZER_LLAMA = 'tokenizer.json 9.09 MB (hub listing of onnx-community/Llama-3.2-1B-Instruct-q4f16)';
const TOKENIZER_GEMMA2 =
  'tokenizer.json 17.5 MB (hub listing of onnx-community/gemma-2-2b-jpn-it, same tokenizer)';
const TOKENIZER_GEMMA3 = 'tokenizer.json 33.4 MB (hub listing of onnx-community/gemma-3-1b-it-ONNX)';
const TOKENIZER_PHI = 'tokenizer.json 1.84 MB (hub listing of a Phi-3.5-mini-instruct ONNX export)';

const PHI = {
  family: 'phi',
  task: 'chat',
  engine: 'webllm',
  revision: 'main',
  baseModel: 'microsoft/Phi-3.5-mini-instruct',
  parameters: 3_800_000_000,
  contextWindow: 4096,
  largestTensorBytes: 49_250_304,
  license: 'MIT',
  builtIn: false,
  description:
    "Microsoft's 3.8B model: the strongest here at reasoning and writing; needs a desktop-class GPU.",
} as const;

const QWEN_15 = {
  family: 'qwen',
  task: 'chat',
  engine: 'webllm',
  revision: 'main',
  baseModel: 'Qwen/Qwen2.5-1.5B-Instruct',
  parameters: 1_540_000_000,
  contextWindow: 4096,
  largestTensorBytes: 116_686_848,
  license: 'Apache-2.0',
  builtIn: false,
  description: "Alibaba's 1.5B model: a good all-rounder, multilingual, fits most laptops and newer phones.",
} as const;

const QWEN_05 = {
  family: 'qwen',
  task: 'chat',
  engine: 'webllm',
  revision: 'main',
  baseModel: 'Qwen/Qwen2.5-0.5B-Instruct',
  parameters: 490_000_000,
  contextWindow: 4096,
  largestTensorBytes: 68_067_328,
  license: 'Apache-2.0',
  builtIn: false,
  description: 'The smallest real model here (0.5B): quick on small phones, for short and simple tasks.',
} as const;

const GEMMA_2 = {
  family: 'gemma',
  task: 'chat',
  engine: 'webllm',
  revision: 'main',
  baseModel: 'google/gemma-2-2b-it',
  parameters: 2_610_000_000,
  contextWindow: 4096,
  largestTensorBytes: 294_912_000,
  license: 'Gemma Terms of Use',
  builtIn: false,
  description: "Google's 2.6B Gemma 2: fluent writing; its 256k-token vocabulary needs large GPU buffers.",
} as const;

const LLAMA = {
  family: 'llama',
  task: 'chat',
  engine: 'webllm',
  revision: 'main',
  baseModel: 'meta-llama/Llama-3.2-1B-Instruct',
  parameters: 1_230_000_000,
  contextWindow: 4096,
  largestTensorBytes: 131_334_144,
  license: 'Llama 3.2 Community License',
  builtIn: false,
  description: "Meta's 1.2B Llama 3.2: fast, good at following instructions, eight languages.",
} as const;

const SOURCES = {
  phi: {
    parameters: 'hub model card microsoft/Phi-3.5-mini-instruct: 3.8B parameters',
    license: 'hub model card microsoft/Phi-3.5-mini-instruct: license mit',
    largestTensorBytes: 'computed: embedding table 32,064 × 3,072 (config.json) × 4 bits ÷ 8',
  },
  qwen15: {
    parameters: 'hub model card Qwen/Qwen2.5-1.5B-Instruct: Number of Parameters 1.54B',
    license: 'hub model card Qwen/Qwen2.5-1.5B-Instruct: license apache-2.0',
    largestTensorBytes: 'computed: embedding table 151,936 × 1,536 (config.json) × 4 bits ÷ 8',
  },
  qwen05: {
    parameters: 'hub model card Qwen/Qwen2.5-0.5B-Instruct: Number of Parameters 0.49B',
    license: 'hub model card Qwen/Qwen2.5-0.5B-Instruct: license apache-2.0',
    largestTensorBytes:
      'computed: embedding table 151,936 × 896 (config.json) × 4 bits ÷ 8; params_shard_0.bin is 68.1 MB (hub listing)',
  },
  gemma2: {
    parameters: 'hub model page google/gemma-2-2b-it: 2.61B params',
    license: 'hub model card google/gemma-2-2b-it: license gemma',
    largestTensorBytes: 'computed: embedding table 256,000 × 2,304 (config.json) × 4 bits ÷ 8',
  },
  gemma3: {
    parameters: 'hub model card google/gemma-3-1b-it: 1B parameters',
    license: 'hub model card onnx-community/gemma-3-1b-it-ONNX: license gemma',
    largestTensorBytes: 'computed: embedding table 262,144 × 1,152 (config.json) × 4 bits ÷ 8',
  },
  llama: {
    parameters: 'hub model card meta-llama/Llama-3.2-1B-Instruct: 1B (1.23B) parameters',
    license: 'hub model card onnx-community/Llama-3.2-1B-Instruct: license llama3.2',
    largestTensorBytes: 'computed: embedding table 128,256 × 2,048 (config.json) × 4 bits ÷ 8',
  },
} as const;

function prebuilt(field: string, value: string | number): string {
  return `${PREBUILT}: ${field} ${value}`;
}

export const WEBLLM_ENTRIES: readonly ModelEntry[] = [
  {
    ...PHI,
    id: 'Phi-3.5-mini-instruct-q4f16_1-MLC',
    displayName: 'Phi-3.5 mini Instruct (web-llm q4f16)',
    repo: 'mlc-ai/Phi-3.5-mini-instruct-q4f16_1-MLC',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'Phi-3.5-mini-instruct-q4f16_1_cs1k-webgpu.wasm',
    downloadBytes: 2_139_340_000,
    vramMB: 3672.07,
    requiredFeatures: ['shader-f16'],
    sources: {
      ...SOURCES.phi,
      downloadBytes: `computed: 3.8e9 ${Q4F16_BITS} + ${TOKENIZER_PHI}`,
      vramMB: prebuilt('vram_required_MB', 3672.07),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Phi-3.5-mini-instruct-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: F16_RULE,
    },
  },
  {
    ...PHI,
    id: 'Phi-3.5-mini-instruct-q4f32_1-MLC',
    displayName: 'Phi-3.5 mini Instruct (web-llm q4f32)',
    repo: 'mlc-ai/Phi-3.5-mini-instruct-q4f32_1-MLC',
    quantization: 'q4f32_1',
    dtypes: ['q4f32_1'],
    modelLib: 'Phi-3.5-mini-instruct-q4f32_1_cs1k-webgpu.wasm',
    downloadBytes: 2_376_840_000,
    vramMB: 5483.12,
    requiredFeatures: [],
    sources: {
      ...SOURCES.phi,
      downloadBytes: `computed: 3.8e9 ${Q4F32_BITS} + ${TOKENIZER_PHI}`,
      vramMB: prebuilt('vram_required_MB', 5483.12),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Phi-3.5-mini-instruct-q4f32_1_cs1k-webgpu.wasm'),
      requiredFeatures: `${PREBUILT}: no required_features (f32 scales and activations)`,
    },
  },
  {
    ...QWEN_15,
    id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    displayName: 'Qwen2.5 1.5B Instruct (web-llm q4f16)',
    repo: 'mlc-ai/Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
    downloadBytes: 873_280_000,
    vramMB: 1629.75,
    requiredFeatures: ['shader-f16'],
    sources: {
      ...SOURCES.qwen15,
      downloadBytes: `computed: 1.54e9 ${Q4F16_BITS} + ${TOKENIZER_QWEN}`,
      vramMB: prebuilt('vram_required_MB', 1629.75),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: F16_RULE,
    },
  },
  {
    ...QWEN_15,
    id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
    displayName: 'Qwen2.5 1.5B Instruct (web-llm q4f32)',
    repo: 'mlc-ai/Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
    quantization: 'q4f32_1',
    dtypes: ['q4f32_1'],
    modelLib: 'Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
    downloadBytes: 969_530_000,
    vramMB: 1888.97,
    requiredFeatures: [],
    sources: {
      ...SOURCES.qwen15,
      downloadBytes: `computed: 1.54e9 ${Q4F32_BITS} + ${TOKENIZER_QWEN}`,
      vramMB: prebuilt('vram_required_MB', 1888.97),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
      requiredFeatures: `${PREBUILT}: no required_features (f32 scales and activations)`,
    },
  },
  {
    ...QWEN_05,
    id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    displayName: 'Qwen2.5 0.5B Instruct (web-llm q4f16)',
    repo: 'mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
    downloadBytes: 285_030_000,
    vramMB: 944.62,
    requiredFeatures: ['shader-f16'],
    sources: {
      ...SOURCES.qwen05,
      downloadBytes:
        'hub listing mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC: params_shard_0..7.bin 68.1 + 33.2 + 33.5 + 33.1 + 33 + 29.2 + 33.3 + 14.6 MB, tokenizer.json 7.03 MB',
      vramMB: prebuilt('vram_required_MB', 944.62),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: F16_RULE,
    },
  },
  {
    ...QWEN_05,
    id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    displayName: 'Qwen2.5 0.5B Instruct (web-llm q4f32)',
    repo: 'mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    quantization: 'q4f32_1',
    dtypes: ['q4f32_1'],
    modelLib: 'Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
    downloadBytes: 313_280_000,
    vramMB: 1060.2,
    requiredFeatures: [],
    sources: {
      ...SOURCES.qwen05,
      downloadBytes: `computed: 0.49e9 ${Q4F32_BITS} + ${TOKENIZER_QWEN}`,
      vramMB: prebuilt('vram_required_MB', 1060.2),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
      requiredFeatures: `${PREBUILT}: no required_features (f32 scales and activations)`,
    },
  },
  {
    ...GEMMA_2,
    id: 'gemma-2-2b-it-q4f16_1-MLC',
    displayName: 'Gemma 2 2B it (web-llm q4f16)',
    repo: 'mlc-ai/gemma-2-2b-it-q4f16_1-MLC',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'gemma-2-2b-it-q4f16_1_cs1k-webgpu.wasm',
    downloadBytes: 1_485_625_000,
    vramMB: 1895.3,
    requiredFeatures: ['shader-f16'],
    sources: {
      ...SOURCES.gemma2,
      downloadBytes: `computed: 2.61e9 ${Q4F16_BITS} + ${TOKENIZER_GEMMA2}`,
      vramMB: prebuilt('vram_required_MB', 1895.3),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/gemma-2-2b-it-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: prebuilt('required_features', "['shader-f16']"),
    },
  },
  {
    ...GEMMA_2,
    id: 'gemma-2-2b-it-q4f32_1-MLC',
    displayName: 'Gemma 2 2B it (web-llm q4f32)',
    repo: 'mlc-ai/gemma-2-2b-it-q4f32_1-MLC',
    quantization: 'q4f32_1',
    dtypes: ['q4f32_1'],
    modelLib: 'gemma-2-2b-it-q4f32_1_cs1k-webgpu.wasm',
    downloadBytes: 1_648_750_000,
    vramMB: 2508.75,
    requiredFeatures: [],
    sources: {
      ...SOURCES.gemma2,
      downloadBytes: `computed: 2.61e9 ${Q4F32_BITS} + ${TOKENIZER_GEMMA2}`,
      vramMB: prebuilt('vram_required_MB', 2508.75),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/gemma-2-2b-it-q4f32_1_cs1k-webgpu.wasm'),
      requiredFeatures: `${PREBUILT}: no required_features (f32 scales and activations)`,
    },
  },
  {
    // web-llm has no q4f32 Gemma 3: GPUs without shader-f16 get the ONNX build instead.
    id: 'gemma3-1b-it-q4f16_1-MLC',
    displayName: 'Gemma 3 1B it (web-llm q4f16)',
    family: 'gemma',
    task: 'chat',
    engine: 'webllm',
    repo: 'mlc-ai/gemma3-1b-it-q4f16_1-MLC',
    revision: 'main',
    baseModel: 'google/gemma-3-1b-it',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'gemma3-1b-it-q4f16_1_cs1k-webgpu.wasm',
    parameters: 1_000_000_000,
    downloadBytes: 595_900_000,
    vramMB: 711.07,
    contextWindow: 4096,
    largestTensorBytes: 150_994_944,
    license: 'Gemma Terms of Use',
    requiredFeatures: ['shader-f16'],
    builtIn: false,
    description: "Google's 1B Gemma 3: small and quick, 140 languages; its web-llm build needs shader-f16.",
    sources: {
      ...SOURCES.gemma3,
      downloadBytes: `computed: 1.0e9 ${Q4F16_BITS} + ${TOKENIZER_GEMMA3}`,
      vramMB: prebuilt('vram_required_MB', 711.07),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/gemma3-1b-it-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: F16_RULE,
    },
  },
  {
    ...LLAMA,
    id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
    displayName: 'Llama 3.2 1B Instruct (web-llm q4f16)',
    repo: 'mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC',
    quantization: 'q4f16_1',
    dtypes: ['q4f16_1'],
    modelLib: 'Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm',
    downloadBytes: 700_965_000,
    vramMB: 879.04,
    requiredFeatures: ['shader-f16'],
    sources: {
      ...SOURCES.llama,
      downloadBytes: `computed: 1.23e9 ${Q4F16_BITS} + ${TOKENIZER_LLAMA}`,
      vramMB: prebuilt('vram_required_MB', 879.04),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm'),
      requiredFeatures: F16_RULE,
    },
  },
  {
    ...LLAMA,
    id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    displayName: 'Llama 3.2 1B Instruct (web-llm q4f32)',
    repo: 'mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC',
    quantization: 'q4f32_1',
    dtypes: ['q4f32_1'],
    modelLib: 'Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm',
    downloadBytes: 777_840_000,
    vramMB: 1128.82,
    requiredFeatures: [],
    sources: {
      ...SOURCES.llama,
      downloadBytes: `computed: 1.23e9 ${Q4F32_BITS} + ${TOKENIZER_LLAMA}`,
      vramMB: prebuilt('vram_required_MB', 1128.82),
      contextWindow: prebuilt('overrides.context_window_size', 4096),
      modelLib: prebuilt('model_lib', '…/v0_2_86/base/Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
      requiredFeatures: `${PREBUILT}: no required_features (f32 scales and activations)`,
    },
  },
];
