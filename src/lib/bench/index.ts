/** Benchmarks: safe on the main thread (the engines themselves load in workers). */
export { benchmarkInBrowser } from './browser';
export { exportFileName, toCsv, toJson } from './export';
export { measureGpuBandwidth } from './gpu-bandwidth';
export { BenchRepository } from './repository';
export { copyBandwidth, decodeCeiling, rooflineShare } from './roofline';
export { deviceKey, deviceReport, runBenchmark } from './runner';
export { median, summarize } from './stats';
export type { Summary } from './stats';
export type {
  BenchConfig,
  BenchProgress,
  BenchRecord,
  BenchReport,
  DeviceReport,
  SideFigures,
} from './types';
