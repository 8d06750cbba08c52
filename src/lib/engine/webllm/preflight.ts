import type { GpuProbe } from '../../device';
import { GpuFeatureMissingError, GpuLimitsTooLowError, WebGpuUnavailableError } from '../../errors';

const MB = 1 << 20;

/**
 * The least web-llm 0.2.86 asks of an adapter (its `detectGPUDevice`): it tries 1 GB buffers, then falls
 * back to these, and fails below them.
 */
export const WEBLLM_MINIMUM_LIMITS = {
  maxBufferSize: 256 * MB,
  maxStorageBufferBindingSize: 128 * MB,
  maxComputeWorkgroupStorageSize: 32 * 1024,
  maxStorageBuffersPerShaderStage: 10,
} as const;

/**
 * Checks, before anything is fetched, that this GPU can run a web-llm build: web-llm itself downloads the
 * config and a multi-MB model library before it notices a missing GPU or feature. Throws the named error
 * that says what is missing.
 */
export function checkWebLlmCanRun(
  probe: GpuProbe,
  requiredFeatures: readonly string[],
  modelId: string,
): void {
  if (probe.kind === 'unavailable') {
    throw new WebGpuUnavailableError(`${modelId} runs only on WebGPU, and ${lowerFirst(probe.message)}`, {
      engine: 'webllm',
    });
  }
  for (const feature of requiredFeatures) {
    if (!probe.features.includes(feature)) {
      throw new GpuFeatureMissingError(`${modelId} is compiled for ${feature}`, { feature });
    }
  }
  for (const [name, minimum] of Object.entries(WEBLLM_MINIMUM_LIMITS)) {
    const limit = limitOf(probe, name);
    if (limit !== undefined && limit < minimum) {
      throw new GpuLimitsTooLowError(
        `${name} is ${format(limit)}; web-llm needs at least ${format(minimum)}`,
        {
          limit: name,
        },
      );
    }
  }
}

function limitOf(probe: Extract<GpuProbe, { kind: 'available' }>, name: string): number | undefined {
  const limits: Record<string, number | undefined> = { ...probe.limits };
  return limits[name];
}

function format(value: number): string {
  return value >= MB ? `${Math.round(value / MB)} MB` : `${value}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
