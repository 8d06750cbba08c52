import { copyBandwidth } from './roofline';

export interface BandwidthMeasurement {
  bytesPerS: number;
  bytesPerCopy: number;
  copies: number;
  elapsedMs: number;
  method: string;
}

/**
 * Measures effective GPU memory bandwidth by timing buffer-to-buffer copies (read + write), after one
 * warm-up submission. Returns null where there is no WebGPU.
 */
export async function measureGpuBandwidth(
  gpu: GPU | undefined,
  copies = 20,
): Promise<BandwidthMeasurement | null> {
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const device = await adapter.requestDevice();
  try {
    const bytesPerCopy = Math.min(
      64 * 1024 * 1024,
      adapter.limits.maxBufferSize,
      adapter.limits.maxStorageBufferBindingSize,
    );
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const source = device.createBuffer({ size: bytesPerCopy, usage });
    const target = device.createBuffer({ size: bytesPerCopy, usage });
    const submit = (count: number): void => {
      const encoder = device.createCommandEncoder();
      for (let i = 0; i < count; i++) encoder.copyBufferToBuffer(source, 0, target, 0, bytesPerCopy);
      device.queue.submit([encoder.finish()]);
    };
    submit(2);
    await device.queue.onSubmittedWorkDone();
    const started = performance.now();
    submit(copies);
    await device.queue.onSubmittedWorkDone();
    const elapsedMs = performance.now() - started;
    source.destroy();
    target.destroy();
    return {
      bytesPerS: copyBandwidth(bytesPerCopy, copies, elapsedMs),
      bytesPerCopy,
      copies,
      elapsedMs,
      method: `${copies} × copyBufferToBuffer of ${Math.round(bytesPerCopy / 1048576)} MiB, read + write, after a warm-up`,
    };
  } finally {
    device.destroy();
  }
}
