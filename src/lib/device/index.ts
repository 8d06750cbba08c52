export { adapterLabel, browserGpu, probeWebGPU } from './webgpu-probe';
export type { GpuAdapterFacts, GpuEntryPoint, GpuLimitsThatMatter, GpuProbe } from './webgpu-probe';
export { formatBytes } from './format';
