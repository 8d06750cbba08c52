export {
  CloudAnswerCutError,
  CloudRateLimitedError,
  CloudServerError,
  CloudStreamDroppedError,
  GpuDeviceLostError,
  NetworkError,
} from '../../../../src/lib/errors';

/** What IndexedDB throws when the disk is full. */
export class QuotaFullForTest extends Error {
  override name = 'QuotaExceededError';
}
