/** What later code needs to know about this device's WebGPU before choosing an engine or a dtype. */
export interface GpuAdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
  device: string;
  isFallbackAdapter: boolean;
}

export interface GpuLimitsThatMatter {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Read where the adapter reports them; web-llm needs 32 KiB and 10. */
  maxComputeWorkgroupStorageSize?: number;
  maxStorageBuffersPerShaderStage?: number;
}

export type GpuProbe =
  | {
      kind: 'available';
      adapter: GpuAdapterFacts;
      features: string[];
      shaderF16: boolean;
      limits: GpuLimitsThatMatter;
    }
  | { kind: 'unavailable'; reason: 'no-api' | 'no-adapter' | 'error'; message: string };

/** The slice of `navigator.gpu` the probe uses, so tests can hand in a fake. */
export interface GpuEntryPoint {
  requestAdapter(options?: GPURequestAdapterOptions): Promise<GpuAdapterLike | null>;
}

export interface GpuAdapterLike {
  readonly features: ReadonlySetLike<string>;
  readonly limits: Pick<GPUSupportedLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize'> &
    Partial<Pick<GPUSupportedLimits, 'maxComputeWorkgroupStorageSize' | 'maxStorageBuffersPerShaderStage'>>;
  readonly info?: Partial<Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description' | 'device'>> & {
    isFallbackAdapter?: boolean;
  };
}

interface ReadonlySetLike<T> {
  has(value: T): boolean;
  forEach(callback: (value: T) => void): void;
}

export async function probeWebGPU(gpu: GpuEntryPoint | undefined): Promise<GpuProbe> {
  if (!gpu) {
    return {
      kind: 'unavailable',
      reason: 'no-api',
      message: 'This browser has no WebGPU. Models will run on the CPU (WebAssembly), more slowly.',
    };
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return {
      kind: 'unavailable',
      reason: 'error',
      message: `WebGPU failed to start (${error instanceof Error ? error.message : String(error)}). Models will run on the CPU (WebAssembly).`,
    };
  }
  if (!adapter) {
    return {
      kind: 'unavailable',
      reason: 'no-adapter',
      message:
        'WebGPU is present but found no usable GPU (blocklisted or disabled). Models will run on the CPU (WebAssembly).',
    };
  }
  const features: string[] = [];
  adapter.features.forEach((feature) => features.push(feature));
  features.sort();
  return {
    kind: 'available',
    adapter: {
      vendor: adapter.info?.vendor ?? '',
      architecture: adapter.info?.architecture ?? '',
      description: adapter.info?.description ?? '',
      device: adapter.info?.device ?? '',
      isFallbackAdapter: adapter.info?.isFallbackAdapter ?? false,
    },
    features,
    shaderF16: adapter.features.has('shader-f16'),
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      ...(adapter.limits.maxComputeWorkgroupStorageSize === undefined
        ? {}
        : { maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize }),
      ...(adapter.limits.maxStorageBuffersPerShaderStage === undefined
        ? {}
        : { maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage }),
    },
  };
}

/** The browser's own entry point, or undefined where WebGPU is missing (also in workers). */
export function browserGpu(): GpuEntryPoint | undefined {
  return typeof navigator !== 'undefined' && 'gpu' in navigator ? navigator.gpu : undefined;
}

/** A one-line name for the adapter, for result rows and headings. */
export function adapterLabel(probe: GpuProbe): string {
  if (probe.kind === 'unavailable') return 'no WebGPU';
  const { vendor, architecture, description } = probe.adapter;
  return [vendor, architecture, description].filter((part) => part !== '').join(' · ') || 'unnamed adapter';
}
