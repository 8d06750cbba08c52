/** The page's door to the language models: everything here is safe to import on the main thread. */
export { WorkerEngine, DEFAULT_TIMEOUTS } from './client';
export type { ClientTimeouts, WorkerLike, WorkerEngineOptions } from './client';
export { chooseDtype } from './dtype';
export { PROTOCOL_VERSION } from './protocol';
export type * from './types';
export { createInferenceEngine } from './create';
export { MAX_DEFAULT_THREADS, wasmThreads } from './threads';
export { DEFAULT_CONFIDENCE_POLICY, isUnsure } from './confidence';
export type { ConfidencePolicy, GenerationConfidence } from './confidence';
export { DeviceSession } from './session';
export type { DeviceSessionOptions, SessionState, SessionStatus } from './session';
