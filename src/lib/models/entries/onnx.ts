import type { ModelEntry } from '../types';

/*
 * transformers.js builds (ONNX), one entry per repository and weight format. They run on WebGPU and, except
 * q4f16 builds, on the CPU through WebAssembly, so they are what a device without WebGPU (or without
 * shader-f16, for Gemma 3) gets. File sizes are from the hub's file listings as found with the search tool.
 *
 * The q4 builds keep the embedding table in fp32 (only matrix multiplications are 4-bit), which is why
 * model_q4.onnx is bigger than model_q4f16.onnx (Qwen2.5-0.5B: 786 MB against 483 MB). That table is the
 * largest tensor and decides whether the model fits a GPU's buffer limits.
 *
 * GPU memory is estimated as the weight files plus the KV cache of a 4,096-token conversation:
 * 2 (keys, values) × layers × KV heads × head size × 4,096 × bytes per value (4 for q4 builds, 2 for q4f16);
 * the layer and head counts come from each model's config.json. The context window is the config's
 * max_position_embeddings, which is what Hearth's transformers.js engine reads.
 */

const KV = 'KV cache for 4,096 tokens = 2 × layers × KV heads × head size × 4,096 ×';

export const ONNX_ENTRIES: readonly ModelEntry[] = [
  {
    id: 'onnx-community/Phi-3.5-mini-instruct-onnx-web',
    displayName: 'Phi-3.5 mini Instruct (ONNX q4f16)',
    family: 'phi',
    task: 'chat',
    engine: 'transformers',
    repo: 'onnx-community/Phi-3.5-mini-instruct-onnx-web',
    revision: 'main',
    baseModel: 'microsoft/Phi-3.5-mini-instruct',
    quantization: 'q4f16',
    // The repository offers q4f16 only, so this build needs WebGPU with shader-f16.
    dtypes: ['q4f16'],
    parameters: 3_800_000_000,
    downloadBytes: 2_320_000_000,
    vramMB: 3931,
    contextWindow: 131_072,
    largestTensorBytes: 197_001_216,
    license: 'MIT',
    requiredFeatures: ['shader-f16'],
    builtIn: false,
    description: 'Phi-3.5 mini as an ONNX web build for transformers.js; WebGPU with shader-f16 only.',
    sources: {
      parameters: 'hub model card microsoft/Phi-3.5-mini-instruct: 3.8B parameters',
      downloadBytes:
        'hub listing onnx-community/Phi-3.5-mini-instruct-onnx-web/onnx: model_q4f16.onnx 220 MB + model_q4f16.onnx_data 2.1 GB (tokenizer not counted)',
      vramMB: `computed: weights 2,320 MB + ${KV} 2 B (32 layers, 32 KV heads, head size 96) = 1,611 MB`,
      contextWindow: 'config.json of microsoft/Phi-3.5-mini-instruct: max_position_embeddings 131072',
      license: 'hub model card onnx-community/Phi-3.5-mini-instruct-onnx-web: license mit',
      largestTensorBytes: 'computed: fp16 embedding table 32,064 × 3,072 (config.json) × 2 B',
      requiredFeatures: 'Hearth: q4f16 weights need shader-f16 on WebGPU and do not run on WebAssembly',
    },
  },
  {
    id: 'onnx-community/Qwen2.5-1.5B-Instruct',
    displayName: 'Qwen2.5 1.5B Instruct (ONNX q4)',
    family: 'qwen',
    task: 'chat',
    engine: 'transformers',
    repo: 'onnx-community/Qwen2.5-1.5B-Instruct',
    revision: 'main',
    baseModel: 'Qwen/Qwen2.5-1.5B-Instruct',
    quantization: 'q4',
    // The repository also offers q4f16 (1.22 GB), fp16, int8, bnb4 and fp32; on an f16 GPU the web-llm
    // q4f16 build is the faster choice, so Hearth lists only the format that also runs without f16.
    dtypes: ['q4'],
    parameters: 1_540_000_000,
    downloadBytes: 1_797_030_000,
    vramMB: 2025,
    contextWindow: 32_768,
    largestTensorBytes: 933_494_784,
    license: 'Apache-2.0',
    requiredFeatures: [],
    builtIn: false,
    description: 'Qwen2.5 1.5B for transformers.js: runs on any WebGPU, or on the CPU where there is none.',
    sources: {
      parameters: 'hub model card Qwen/Qwen2.5-1.5B-Instruct: Number of Parameters 1.54B',
      downloadBytes:
        'hub listing onnx-community/Qwen2.5-1.5B-Instruct/onnx: model_q4.onnx 1.79 GB; tokenizer.json 7.03 MB (Qwen2.5 tokenizer, mlc-ai listing)',
      vramMB: `computed: weights 1,790 MB + ${KV} 4 B (28 layers, 2 KV heads, head size 128) = 235 MB`,
      contextWindow: 'config.json of onnx-community/Qwen2.5-1.5B-Instruct: max_position_embeddings 32768',
      license: 'hub model card Qwen/Qwen2.5-1.5B-Instruct: license apache-2.0',
      largestTensorBytes: 'computed: fp32 embedding table 151,936 × 1,536 (config.json) × 4 B',
    },
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    displayName: 'Qwen2.5 0.5B Instruct (ONNX q4)',
    family: 'qwen',
    task: 'chat',
    engine: 'transformers',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    revision: 'main',
    baseModel: 'Qwen/Qwen2.5-0.5B-Instruct',
    quantization: 'q4',
    // Also offered: q4f16 (483 MB), fp16, int8/uint8, bnb4, fp32 (see the Qwen2.5 1.5B note).
    dtypes: ['q4'],
    parameters: 490_000_000,
    downloadBytes: 793_030_000,
    vramMB: 887,
    contextWindow: 32_768,
    largestTensorBytes: 544_538_624,
    license: 'Apache-2.0',
    requiredFeatures: [],
    builtIn: false,
    description: 'The smallest real model for transformers.js: the one to use on the CPU (WebAssembly).',
    sources: {
      parameters: 'hub model card Qwen/Qwen2.5-0.5B-Instruct: Number of Parameters 0.49B',
      downloadBytes:
        'hub listing onnx-community/Qwen2.5-0.5B-Instruct/onnx: model_q4.onnx 786 MB; tokenizer.json 7.03 MB (Qwen2.5 tokenizer, mlc-ai listing)',
      vramMB: `computed: weights 786 MB + ${KV} 4 B (24 layers, 2 KV heads, head size 64) = 101 MB`,
      contextWindow: 'config.json of Qwen/Qwen2.5-0.5B-Instruct: max_position_embeddings 32768',
      license: 'hub model card Qwen/Qwen2.5-0.5B-Instruct: license apache-2.0',
      largestTensorBytes: 'computed: fp32 embedding table 151,936 × 896 (config.json) × 4 B',
    },
  },
  {
    id: 'onnx-community/gemma-3-1b-it-ONNX',
    displayName: 'Gemma 3 1B it (ONNX q4)',
    family: 'gemma',
    task: 'chat',
    engine: 'transformers',
    repo: 'onnx-community/gemma-3-1b-it-ONNX',
    revision: 'main',
    baseModel: 'google/gemma-3-1b-it',
    quantization: 'q4',
    // web-llm has Gemma 3 only as q4f16; this q4 build is Gemma 3 for GPUs without shader-f16 and the CPU.
    dtypes: ['q4'],
    parameters: 1_000_000_000,
    downloadBytes: 1_683_400_000,
    vramMB: 1868,
    contextWindow: 32_768,
    largestTensorBytes: 1_207_959_552,
    license: 'Gemma Terms of Use',
    requiredFeatures: [],
    builtIn: false,
    description: 'Gemma 3 1B for transformers.js: Gemma 3 where the GPU lacks shader-f16, or on the CPU.',
    sources: {
      parameters: 'hub model card google/gemma-3-1b-it: 1B parameters',
      downloadBytes:
        'hub file page onnx-community/gemma-3-1b-it-ONNX onnx/model_q4.onnx 1.65 GB (PR #2 "Improved ONNX models", merged to main); tokenizer.json 33.4 MB (hub listing)',
      vramMB: `computed: weights 1,650 MB + ${KV} 4 B (26 layers, 1 KV head, head size 256) = 218 MB`,
      contextWindow: 'config.json of google/gemma-3-1b-it: max_position_embeddings 32768',
      license: 'hub model card onnx-community/gemma-3-1b-it-ONNX: license gemma',
      largestTensorBytes: 'computed: fp32 embedding table 262,144 × 1,152 (config.json) × 4 B',
    },
  },
  {
    id: 'onnx-community/Llama-3.2-1B-Instruct',
    displayName: 'Llama 3.2 1B Instruct (ONNX q4)',
    family: 'llama',
    task: 'chat',
    engine: 'transformers',
    repo: 'onnx-community/Llama-3.2-1B-Instruct',
    revision: 'main',
    baseModel: 'meta-llama/Llama-3.2-1B-Instruct',
    quantization: 'q4',
    // Also offered: q4f16 (1.07 GB), fp16, int8/uint8, bnb4, fp32 (see the Qwen2.5 1.5B note).
    dtypes: ['q4'],
    parameters: 1_230_000_000,
    downloadBytes: 1_669_090_000,
    vramMB: 1928,
    contextWindow: 131_072,
    largestTensorBytes: 1_050_673_152,
    license: 'Llama 3.2 Community License',
    requiredFeatures: [],
    builtIn: false,
    description: 'Llama 3.2 1B for transformers.js: runs on any WebGPU, or on the CPU where there is none.',
    sources: {
      parameters: 'hub model card meta-llama/Llama-3.2-1B-Instruct: 1B (1.23B) parameters',
      downloadBytes:
        'hub listing onnx-community/Llama-3.2-1B-Instruct/onnx: model_q4.onnx 1.66 GB; tokenizer.json 9.09 MB (hub listing of the -q4f16 repo)',
      vramMB: `computed: weights 1,660 MB + ${KV} 4 B (16 layers, 8 KV heads, head size 64) = 268 MB`,
      contextWindow: 'config.json of meta-llama/Llama-3.2-1B-Instruct: max_position_embeddings 131072',
      license: 'hub model card onnx-community/Llama-3.2-1B-Instruct: license llama3.2',
      largestTensorBytes: 'computed: fp32 embedding table 128,256 × 2,048 (config.json) × 4 B',
    },
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    displayName: 'Multilingual MiniLM L12 v2 (sentence embeddings)',
    family: 'embedding',
    task: 'embedding',
    engine: 'transformers',
    repo: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    revision: 'main',
    baseModel: 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2',
    quantization: 'q8',
    // model_quantized.onnx, which transformers.js loads as dtype 'q8'. Its 250k-token multilingual
    // vocabulary makes it 118 MB rather than tens of MB; the English-only MiniLMs are 23 MB.
    dtypes: ['q8'],
    parameters: 117_500_000,
    downloadBytes: 118_000_000,
    vramMB: 118,
    contextWindow: 512,
    largestTensorBytes: 96_014_208,
    license: 'Apache-2.0',
    requiredFeatures: [],
    builtIn: false,
    description: 'Turns a sentence in 50+ languages into 384 numbers; the router uses it, not the chat.',
    sources: {
      parameters: 'computed: onnx/model.onnx 470 MB (hub listing) ÷ 4 bytes per fp32 weight',
      downloadBytes:
        'hub listing Xenova/paraphrase-multilingual-MiniLM-L12-v2/onnx: model_quantized.onnx 118 MB (tokenizer not counted)',
      vramMB: 'computed: the int8 weights (118 MB); activations for one sentence are well under 1 MB',
      contextWindow: 'config.json: max_position_embeddings 512 (sentence-transformers truncates at 128)',
      license:
        'hub model card sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2: license apache-2.0',
      largestTensorBytes:
        'computed: int8 embedding table 250,037 × 384 (config.json) × 1 B; the 118 MB file for 117.5M weights implies int8 embeddings',
    },
  },
];
