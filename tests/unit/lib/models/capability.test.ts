import { describe, expect, it } from 'vitest';
import type { GpuProbe } from '../../../../src/lib/device';
import {
  CATALOG,
  defaultChatModel,
  judgeCatalog,
  judgeModel,
  type DeviceProfile,
  type Verdict,
} from '../../../../src/lib/models';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const PLENTY = { quota: 200e9, usage: 1e9 };

function gpu(
  features: string[],
  maxBufferSize: number,
  maxStorageBufferBindingSize: number,
  fallback = false,
): GpuProbe {
  return {
    kind: 'available',
    adapter: {
      vendor: fallback ? 'google' : 'acme',
      architecture: fallback ? 'swiftshader' : 'rdna-3',
      description: '',
      device: '',
      isFallbackAdapter: fallback,
    },
    features,
    shaderF16: features.includes('shader-f16'),
    limits: { maxBufferSize, maxStorageBufferBindingSize },
  };
}

const NO_GPU: GpuProbe = { kind: 'unavailable', reason: 'no-api', message: 'This browser has no WebGPU.' };

// Verdict shorthands keep the table readable: ok = runs-well, slow = may-be-slow, no = wont-fit.
const ok: Verdict = 'runs-well';
const slow: Verdict = 'may-be-slow';
const no: Verdict = 'wont-fit';

interface Case {
  name: string;
  device: DeviceProfile;
  verdicts: Record<string, Verdict>;
  defaultModel: string;
}

const CASES: Case[] = [
  {
    name: 'no WebGPU (8 GB reported)',
    device: { gpu: NO_GPU, memoryGB: 8, storage: PLENTY },
    verdicts: {
      'hearth/self-test-tiny': ok,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': no,
      'Phi-3.5-mini-instruct-q4f32_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC': no,
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': no,
      'gemma-2-2b-it-q4f16_1-MLC': no,
      'gemma-2-2b-it-q4f32_1-MLC': no,
      'gemma3-1b-it-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': no,
      'onnx-community/Phi-3.5-mini-instruct-onnx-web': no,
      'onnx-community/Qwen2.5-1.5B-Instruct': slow,
      'onnx-community/Qwen2.5-0.5B-Instruct': slow,
      'onnx-community/gemma-3-1b-it-ONNX': slow,
      'onnx-community/Llama-3.2-1B-Instruct': slow,
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': ok,
    },
    defaultModel: 'onnx-community/Qwen2.5-0.5B-Instruct',
  },
  {
    // Chromium 156 reports 16 here; older Chrome capped deviceMemory at 8 (see the next test).
    name: 'desktop with shader-f16 (8 GB GPU, 16 GB RAM)',
    device: { gpu: gpu(['shader-f16', 'subgroups'], 4 * GiB, 2 * GiB), memoryGB: 16, storage: PLENTY },
    verdicts: {
      'hearth/self-test-tiny': ok,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': ok,
      'Phi-3.5-mini-instruct-q4f32_1-MLC': ok,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': ok,
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC': ok,
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': ok,
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': ok,
      'gemma-2-2b-it-q4f16_1-MLC': ok,
      'gemma-2-2b-it-q4f32_1-MLC': ok,
      'gemma3-1b-it-q4f16_1-MLC': ok,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': ok,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': ok,
      'onnx-community/Phi-3.5-mini-instruct-onnx-web': ok,
      'onnx-community/Qwen2.5-1.5B-Instruct': ok,
      'onnx-community/Qwen2.5-0.5B-Instruct': ok,
      'onnx-community/gemma-3-1b-it-ONNX': ok,
      'onnx-community/Llama-3.2-1B-Instruct': ok,
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': ok,
    },
    defaultModel: 'Phi-3.5-mini-instruct-q4f16_1-MLC',
  },
  {
    name: 'Android phone without shader-f16, 256 MiB buffers (4 GB reported)',
    device: { gpu: gpu([], 256 * MiB, 256 * MiB), memoryGB: 4, storage: PLENTY },
    verdicts: {
      'hearth/self-test-tiny': ok,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': no,
      'Phi-3.5-mini-instruct-q4f32_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC': ok,
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': ok,
      'gemma-2-2b-it-q4f16_1-MLC': no,
      'gemma-2-2b-it-q4f32_1-MLC': no,
      'gemma3-1b-it-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': ok,
      'onnx-community/Phi-3.5-mini-instruct-onnx-web': no,
      'onnx-community/Qwen2.5-1.5B-Instruct': slow,
      'onnx-community/Qwen2.5-0.5B-Instruct': slow,
      'onnx-community/gemma-3-1b-it-ONNX': slow,
      'onnx-community/Llama-3.2-1B-Instruct': slow,
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': ok,
    },
    defaultModel: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
  },
  {
    name: 'phone with shader-f16 and 4 GB RAM',
    device: { gpu: gpu(['shader-f16'], 2 * GiB, 1 * GiB), memoryGB: 4, storage: PLENTY },
    verdicts: {
      'hearth/self-test-tiny': ok,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': no,
      'Phi-3.5-mini-instruct-q4f32_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': ok,
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC': ok,
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': ok,
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': ok,
      'gemma-2-2b-it-q4f16_1-MLC': ok,
      'gemma-2-2b-it-q4f32_1-MLC': slow,
      'gemma3-1b-it-q4f16_1-MLC': ok,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': ok,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': ok,
      'onnx-community/Phi-3.5-mini-instruct-onnx-web': no,
      'onnx-community/Qwen2.5-1.5B-Instruct': ok,
      'onnx-community/Qwen2.5-0.5B-Instruct': ok,
      // Its fp32 embedding table (1.2 GB) does not fit a 1 GiB binding: it falls back to the CPU.
      'onnx-community/gemma-3-1b-it-ONNX': slow,
      'onnx-community/Llama-3.2-1B-Instruct': ok,
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': ok,
    },
    defaultModel: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
  },
  {
    name: 'SwiftShader-like fallback adapter (no shader-f16, 1 GiB buffers, 8 GB reported)',
    device: { gpu: gpu(['subgroups'], GiB, GiB, true), memoryGB: 8, storage: PLENTY },
    verdicts: {
      'hearth/self-test-tiny': ok,
      'Phi-3.5-mini-instruct-q4f16_1-MLC': no,
      'Phi-3.5-mini-instruct-q4f32_1-MLC': slow,
      'Qwen2.5-1.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-1.5B-Instruct-q4f32_1-MLC': slow,
      'Qwen2.5-0.5B-Instruct-q4f16_1-MLC': no,
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': slow,
      'gemma-2-2b-it-q4f16_1-MLC': no,
      'gemma-2-2b-it-q4f32_1-MLC': slow,
      'gemma3-1b-it-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': no,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': slow,
      'onnx-community/Phi-3.5-mini-instruct-onnx-web': no,
      'onnx-community/Qwen2.5-1.5B-Instruct': slow,
      'onnx-community/Qwen2.5-0.5B-Instruct': slow,
      'onnx-community/gemma-3-1b-it-ONNX': slow,
      'onnx-community/Llama-3.2-1B-Instruct': slow,
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2': ok,
    },
    // Nothing real runs well: the smallest real model (then the smaller download) is the fastest choice.
    defaultModel: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  },
];

describe('capability matching over device profiles', () => {
  it('covers every catalog entry in every profile', () => {
    for (const { name, verdicts } of CASES) {
      expect(Object.keys(verdicts).sort(), name).toEqual(CATALOG.map((e) => e.id).sort());
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, { device, verdicts, defaultModel }) => {
    const judged = judgeCatalog(device, CATALOG);
    const actual = Object.fromEntries(judged.map(({ entry, judgement }) => [entry.id, judgement.verdict]));
    expect(actual).toEqual(verdicts);
    for (const { judgement } of judged) expect(judgement.reason.length).toBeGreaterThan(10);
    expect(defaultChatModel(judged, device.memoryGB).id).toBe(defaultModel);
  });
});

describe('reasons say why, in words a person can act on', () => {
  const reasonOf = (id: string, device: DeviceProfile): string => {
    const entry = CATALOG.find((e) => e.id === id);
    if (!entry) throw new Error(id);
    return judgeModel(entry, device, CATALOG).reason;
  };
  const android = CASES[2]?.device;
  const phone = CASES[3]?.device;
  if (!android || !phone) throw new Error('profiles missing');

  it('names the missing shader-f16 and the build that runs instead', () => {
    expect(reasonOf('Qwen2.5-1.5B-Instruct-q4f16_1-MLC', android)).toBe(
      'needs shader-f16, which this GPU lacks — the q4f32 build runs here',
    );
    // web-llm has no q4f32 Gemma 3, so it points to the ONNX build.
    expect(reasonOf('gemma3-1b-it-q4f16_1-MLC', android)).toBe(
      'needs shader-f16, which this GPU lacks — the ONNX q4 build runs here',
    );
  });

  it('compares the memory a model needs with the RAM the device reports', () => {
    expect(reasonOf('Phi-3.5-mini-instruct-q4f16_1-MLC', phone)).toBe(
      'needs about 3.7 GB of GPU memory; this device reports 4 GB of RAM',
    );
  });

  it('names a tensor that is bigger than the GPU buffer limit', () => {
    expect(reasonOf('gemma-2-2b-it-q4f32_1-MLC', android)).toBe(
      "its largest weight (295 MB) is bigger than this GPU's 268 MB buffer limit",
    );
    expect(reasonOf('onnx-community/Qwen2.5-0.5B-Instruct', android)).toBe(
      "its largest weight (545 MB) is bigger than this GPU's 268 MB buffer limit: runs on the CPU (WebAssembly), slowly",
    );
  });

  it('says the CPU is slow where there is no WebGPU, and that web-llm needs it', () => {
    const none: DeviceProfile = { gpu: NO_GPU, memoryGB: 8, storage: PLENTY };
    expect(reasonOf('onnx-community/Llama-3.2-1B-Instruct', none)).toBe(
      'no WebGPU: runs on the CPU (WebAssembly), slowly',
    );
    expect(reasonOf('Llama-3.2-1B-Instruct-q4f32_1-MLC', none)).toMatch(/WebGPU, which is missing here/);
  });
});

describe('the edges', () => {
  it('keeps Phi-3.5 q4f16 the default where the browser caps the RAM it reports at 8 GB', () => {
    const capped: DeviceProfile = {
      gpu: gpu(['shader-f16'], 4 * GiB, 2 * GiB),
      memoryGB: 8,
      storage: PLENTY,
    };
    const judged = judgeCatalog(capped, CATALOG);
    // 5.5 GB of 8: more than half, so the q4f32 build may be slow; the q4f16 one (3.7 GB) runs well.
    expect(judged.find((j) => j.entry.id === 'Phi-3.5-mini-instruct-q4f32_1-MLC')?.judgement.verdict).toBe(
      'may-be-slow',
    );
    expect(defaultChatModel(judged, 8).id).toBe('Phi-3.5-mini-instruct-q4f16_1-MLC');
  });

  it('falls back to the self-test when nothing real can run', () => {
    const tiny: DeviceProfile = { gpu: NO_GPU, memoryGB: 0.5, storage: PLENTY };
    const judged = judgeCatalog(tiny, CATALOG);
    expect(
      judged
        .filter((j) => !j.entry.builtIn && j.entry.task === 'chat')
        .every((j) => j.judgement.verdict === 'wont-fit'),
    ).toBe(true);
    expect(defaultChatModel(judged, tiny.memoryGB).id).toBe('hearth/self-test-tiny');
  });

  it('gives a small phone (2 GB) Qwen2.5 0.5B', () => {
    const small: DeviceProfile = { gpu: gpu(['shader-f16'], GiB, GiB), memoryGB: 2, storage: PLENTY };
    expect(defaultChatModel(judgeCatalog(small, CATALOG), 2).id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
  });

  it('never picks the embedding model, even when it is the only real model that runs', () => {
    const tiny: DeviceProfile = { gpu: NO_GPU, memoryGB: 0.5, storage: PLENTY };
    const judged = judgeCatalog(tiny, CATALOG);
    expect(judged.find((j) => j.entry.task === 'embedding')?.judgement.verdict).toBe('runs-well');
    expect(defaultChatModel(judged, 0.5).task).toBe('chat');
  });

  it('refuses a model whose download does not fit the storage left', () => {
    const full: DeviceProfile = {
      gpu: gpu(['shader-f16'], 4 * GiB, 2 * GiB),
      memoryGB: 8,
      storage: { quota: 2e9, usage: 1.5e9 },
    };
    const phi = CATALOG.find((e) => e.id === 'Phi-3.5-mini-instruct-q4f16_1-MLC');
    const qwen = CATALOG.find((e) => e.id === 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    if (!phi || !qwen) throw new Error('missing');
    expect(judgeModel(phi, full, CATALOG)).toEqual({
      verdict: 'wont-fit',
      reason: 'needs 2.1 GB of storage; this site has 500 MB left',
      backend: null,
    });
    expect(judgeModel(qwen, full, CATALOG).verdict).toBe('runs-well');
  });

  it('assumes 4 GB where the browser reports no memory, and says so', () => {
    const safari: DeviceProfile = {
      gpu: gpu(['shader-f16'], 4 * GiB, 2 * GiB),
      memoryGB: undefined,
      storage: undefined,
    };
    const judged = judgeCatalog(safari, CATALOG);
    const phi = judged.find((j) => j.entry.id === 'Phi-3.5-mini-instruct-q4f16_1-MLC');
    expect(phi?.judgement.verdict).toBe('wont-fit');
    expect(phi?.judgement.reason).toMatch(/does not report its RAM \(Hearth assumes 4 GB\)/);
    expect(defaultChatModel(judged, undefined).id).toBe('Qwen2.5-1.5B-Instruct-q4f16_1-MLC');
  });
});
